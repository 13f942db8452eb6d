package dev.fedchat.server.api.realtime;

import static dev.fedchat.server.api.realtime.Frames.callError;
import static dev.fedchat.server.api.realtime.Frames.callOk;
import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.DdpClient;
import dev.fedchat.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The DDP method {@code messageSearch [text, rid, limit, offset]} (issue 13), the room search of
 * Rocket.Chat's web client and mobile app: {@code {message:{docs:[...]}}} with EJSON dates,
 * {@code false} for a room the caller may not read, as in Rocket.Chat.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MessageSearchMethodTest {
    private static TestServer server;
    private static String group;
    private static String edited;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        ApiClient owner = server.newUser("owner");
        server.newUser("member");
        server.newUser("outsider");
        group = owner.post("/api/v1/groups.create", obj("name", "ddp-search", "members", List.of("member")))
                .expectOk().path("group").path("_id").asText();
        for (int i = 1; i <= 3; i++) {
            owner.post("/api/v1/chat.postMessage", obj("roomId", group, "text", "mango batch " + i)).expectOk();
        }
        edited = owner.post("/api/v1/chat.postMessage", obj("roomId", group, "text", "guava for later"))
                .expectOk().path("message").path("_id").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static List<String> texts(JsonNode result) {
        List<String> out = new ArrayList<>();
        result.path("message").path("docs").forEach(m -> out.add(m.path("msg").asText()));
        return out;
    }

    @Test
    void aMember_getsTheDocsNewestFirst_withEjsonDates_pagedByLimitAndOffset() {
        try (DdpClient ddp = Frames.loggedIn(server, "member")) {
            JsonNode all = callOk(ddp, "messageSearch", "MANGO", group);
            assertThat(texts(all)).containsExactly("mango batch 3", "mango batch 2", "mango batch 1");
            JsonNode first = all.path("message").path("docs").path(0);
            assertThat(first.path("ts").path("$date").isIntegralNumber()).isTrue();
            assertThat(first.path("u").path("username").asText()).isEqualTo("owner");
            assertThat(first.path("rid").asText()).isEqualTo(group);

            assertThat(texts(callOk(ddp, "messageSearch", "mango", group, 1, 1))).containsExactly("mango batch 2");
            assertThat(texts(callOk(ddp, "messageSearch", "from:owner \"batch 1\"", group, 20))).containsExactly("mango batch 1");
        }
    }

    @Test
    void anEditAndADelete_overRest_areSeenByTheNextSearch() {
        ApiClient owner = server.client().login("owner", "owner-pass");
        try (DdpClient ddp = Frames.loggedIn(server, "member")) {
            assertThat(texts(callOk(ddp, "messageSearch", "guava", group))).containsExactly("guava for later");
            owner.post("/api/v1/chat.update", obj("roomId", group, "msgId", edited, "text", "pomelo for later")).expectOk();
            assertThat(texts(callOk(ddp, "messageSearch", "guava", group))).isEmpty();
            assertThat(texts(callOk(ddp, "messageSearch", "pomelo", group))).containsExactly("pomelo for later");
            owner.post("/api/v1/chat.delete", obj("roomId", group, "msgId", edited)).expectOk();
            assertThat(texts(callOk(ddp, "messageSearch", "pomelo", group))).isEmpty();
        }
    }

    @Test
    void aRoomTheCallerMayNotRead_answersFalse_asRocketChatDoes() {
        try (DdpClient ddp = Frames.loggedIn(server, "outsider")) {
            assertThat(callOk(ddp, "messageSearch", "mango", group).asBoolean(true)).isFalse();
            assertThat(callOk(ddp, "messageSearch", "mango", "NoSuchRoomAtAll1").asBoolean(true)).isFalse();
        }
    }

    @Test
    void emptyTextOrNoRoom_findNothing_asInRocketChat() {
        try (DdpClient ddp = Frames.loggedIn(server, "member")) {
            assertThat(texts(callOk(ddp, "messageSearch", "", group))).isEmpty();
            assertThat(callOk(ddp, "messageSearch", "", group).path("message").path("docs").isArray()).isTrue();
            assertThat(texts(callOk(ddp, "messageSearch", "mango", null))).isEmpty();
        }
    }

    @Test
    void badInput_isRefusedWithMeteorErrors() {
        try (DdpClient ddp = Frames.loggedIn(server, "member")) {
            assertThat(callError(ddp, "messageSearch", 42, group).path("error").asText()).isEqualTo("error-invalid-params");
            assertThat(callError(ddp, "messageSearch", "mango", group, 0).path("error").asText()).isEqualTo("invalid-params");
            assertThat(callError(ddp, "messageSearch", "mango", group, 101).path("error").asText()).isEqualTo("invalid-params");
            assertThat(callError(ddp, "messageSearch", "mango", group, "ten").path("error").asText())
                    .isEqualTo("error-invalid-params");
            assertThat(callError(ddp, "messageSearch", "on:someday", group).path("reason").asText()).contains("on:");
        }
        try (DdpClient anonymous = server.ddp().handshake()) {
            assertThat(callError(anonymous, "messageSearch", "mango", group).path("error").asText())
                    .isEqualTo("error-invalid-user");
        }
    }
}
