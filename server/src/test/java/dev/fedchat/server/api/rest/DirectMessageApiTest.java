package dev.fedchat.server.api.rest;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.TestServer;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code im.create} / {@code dm.create}, {@code im.list} and the limits of direct messages (client-api.md §2.3). */
class DirectMessageApiTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void imCreate_byUsername_opensTheRoomWhoseIdIsBothUserIdsSortedAndJoined() {
        ApiClient anna = server.newUser("anna");
        ApiClient ben = server.newUser("ben");

        JsonNode room = anna.post("/api/v1/im.create", obj("username", "ben")).expectOk().path("room");

        String expectedId = Stream.of(anna.userId(), ben.userId()).sorted().reduce("", String::concat);
        assertThat(room.path("_id").asText()).isEqualTo(expectedId);
        assertThat(room.path("rid").asText()).isEqualTo(expectedId);
        assertThat(room.path("t").asText()).isEqualTo("d");
        assertThat(room.path("usernames")).extracting(JsonNode::asText).containsExactlyInAnyOrder("anna", "ben");
        assertThat(room.path("uids")).extracting(JsonNode::asText).containsExactlyInAnyOrder(anna.userId(), ben.userId());
    }

    @Test
    void imCreate_again_orFromTheOtherSide_returnsTheSameRoom() {
        ApiClient cleo = server.newUser("cleo");
        ApiClient dave = server.newUser("dave");

        String first = cleo.post("/api/v1/im.create", obj("username", "dave")).expectOk().path("room").path("_id").asText();
        String second = cleo.post("/api/v1/im.create", obj("username", "@dave")).expectOk().path("room").path("_id").asText();
        String reverse = dave.post("/api/v1/dm.create", obj("username", "cleo")).expectOk().path("room").path("_id").asText();

        assertThat(second).isEqualTo(first);
        assertThat(reverse).isEqualTo(first);
        for (ApiClient side : List.of(cleo, dave)) {
            JsonNode ims = side.get("/api/v1/im.list").expectOk();
            assertThat(ims.path("ims")).extracting(r -> r.path("_id").asText()).containsExactly(first);
            assertThat(ims.path("total").asInt()).isEqualTo(1);
        }
    }

    @Test
    void imCreate_withSeveralUsernames_opensOneGroupConversation_andReusesIt() {
        ApiClient eve = server.newUser("eve");
        ApiClient finn = server.newUser("finn");
        server.newUser("gus");

        JsonNode room = eve.post("/api/v1/im.create", obj("usernames", "finn, gus")).expectOk().path("room");
        String again = eve.post("/api/v1/im.create", obj("usernames", "gus,finn")).expectOk().path("room").path("_id").asText();
        String fromFinn = finn.post("/api/v1/im.create", obj("usernames", "eve,gus")).expectOk().path("room").path("_id").asText();

        assertThat(room.path("usernames")).extracting(JsonNode::asText).containsExactlyInAnyOrder("eve", "finn", "gus");
        assertThat(again).isEqualTo(room.path("_id").asText());
        assertThat(fromFinn).isEqualTo(room.path("_id").asText());
        assertThat(eve.get("/api/v1/im.list").expectOk().path("total").asInt()).isEqualTo(1);
        String pair = eve.post("/api/v1/im.create", obj("username", "finn")).expectOk().path("room").path("_id").asText();
        assertThat(pair).as("the pair's own DM is another room").isNotEqualTo(room.path("_id").asText());
    }

    @Test
    void imCreate_withAnUnknownUser_isInvalidUser_andOpensNothing() {
        ApiClient hana = server.newUser("hana");
        server.newUser("ivo");

        JsonNode body = hana.post("/api/v1/im.create", obj("username", "nobody")).expectErrorType("error-invalid-user");
        assertThat(body.path("error").asText()).contains("nobody");
        hana.post("/api/v1/im.create", obj("usernames", "ivo,nobody")).expectErrorType("error-invalid-user");

        assertThat(hana.get("/api/v1/im.list").expectOk().path("ims")).isEmpty();
        assertThat(hana.get("/api/v1/rooms.get").expectOk().path("update")).isEmpty();
    }

    @Test
    void imCreate_withoutOrWithWronglyTypedUsername_isInvalidParams() {
        ApiClient jay = server.newUser("jay");
        jay.post("/api/v1/im.create", obj()).expectErrorType("invalid-params");
        jay.post("/api/v1/im.create", obj("username", List.of("a"))).expectErrorType("invalid-params");
        jay.post("/api/v1/im.create", "username=kim").expectErrorType("invalid-params");
        server.client().post("/api/v1/im.create", obj("username", "jay")).expectError(401);

        assertThat(jay.get("/api/v1/im.list").expectOk().path("total").asInt()).isZero();
    }

    @Test
    void imList_pagesWithCountAndOffset() {
        ApiClient lou = server.newUser("lou");
        for (String other : List.of("lou-a", "lou-b", "lou-c")) {
            server.newUser(other);
            lou.post("/api/v1/im.create", obj("username", other)).expectOk();
        }

        JsonNode page = lou.get("/api/v1/im.list?count=2&offset=1").expectOk();

        assertThat(page.path("ims")).hasSize(2);
        assertThat(page.path("count").asInt()).isEqualTo(2);
        assertThat(page.path("offset").asInt()).isEqualTo(1);
        assertThat(page.path("total").asInt()).isEqualTo(3);
        assertThat(page.path("ims")).allSatisfy(r -> assertThat(r.path("t").asText()).isEqualTo("d"));
    }

    @Test
    void aDirectMessage_cannotBeLeftOrJoinedAndIsPrivateToItsMembers() {
        ApiClient mia = server.newUser("mia");
        ApiClient ned = server.newUser("ned");
        ApiClient oz = server.newUser("oz");
        String dm = mia.post("/api/v1/im.create", obj("username", "ned")).expectOk().path("room").path("_id").asText();
        mia.post("/api/v1/chat.postMessage", obj("roomId", dm, "text", "just us")).expectOk();

        mia.post("/api/v1/rooms.leave", obj("roomId", dm)).expectErrorType("error-not-allowed");
        oz.post("/api/v1/channels.join", obj("roomId", dm)).expectErrorType("error-room-not-found");
        mia.get("/api/v1/groups.info?roomId=" + dm).expectErrorType("error-room-not-found");
        oz.get("/api/v1/rooms.info?roomId=" + dm).expectError(403);
        oz.get("/api/v1/im.history?roomId=" + dm).expectError(403);
        oz.post("/api/v1/chat.postMessage", obj("roomId", dm, "text", "let me in")).expectError(403);

        JsonNode history = ned.get("/api/v1/im.history?roomId=" + dm).expectOk();
        assertThat(history.path("messages")).extracting(m -> m.path("msg").asText()).containsExactly("just us");
        assertThat(ned.get("/api/v1/rooms.info?roomId=" + dm).expectOk().path("room").path("usernames"))
                .extracting(JsonNode::asText).containsExactlyInAnyOrder("mia", "ned");
    }
}
