package dev.fedchat.server.federation.events;

import static dev.fedchat.server.federation.events.Groups.await;
import static dev.fedchat.server.federation.events.Groups.subscribed;
import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.FederatedServers;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Threads across three servers (issue 13 §1): replies travel with their {@code tmid}, and each
 * server, counting the replies it holds, shows the same {@code tcount} and {@code tlm}, also after
 * a reply is deleted; the thread's replies read the same everywhere.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FederatedThreadsTest {
    private static FederatedServers servers;
    private static ApiClient alice;
    private static ApiClient bob;
    private static ApiClient carol;

    @BeforeAll
    static void start() {
        servers = FederatedServers.start("alpha.test", "beta.test", "gamma.test");
        alice = servers.server("alpha.test").newUser("alice");
        bob = servers.server("beta.test").newUser("bob");
        carol = servers.server("gamma.test").newUser("carol");
    }

    @AfterAll
    static void stop() {
        servers.close();
    }

    @Test
    void repliesFromEachServer_countTheSameEverywhere_alsoAfterADeletion() {
        String roomId = Groups.create(alice, "threads", "bob@beta.test", "carol@gamma.test");
        await("bob and carol subscribed", () -> subscribed(bob, roomId) && subscribed(carol, roomId));
        String parent = Groups.post(alice, roomId, "where do we meet?");
        for (ApiClient reader : List.of(bob, carol)) {
            await("the parent on " + reader.baseUrl(), () -> Groups.messageIds(reader, roomId).contains(parent));
        }
        String fromBeta = reply(bob, roomId, parent, "at the station");
        String fromGamma = reply(carol, roomId, parent, "at the cafe");

        List<ApiClient> everyone = List.of(alice, bob, carol);
        for (ApiClient reader : everyone) {
            await("two replies counted on " + reader.baseUrl(), () -> thread(reader, parent).path("tcount").asInt() == 2);
        }
        String tlm = thread(alice, parent).path("tlm").asText();
        assertThat(tlm).isEqualTo(message(carol, fromGamma).path("ts").asText());
        for (ApiClient reader : everyone) {
            assertThat(thread(reader, parent).path("tlm").asText()).as(reader.baseUrl()).isEqualTo(tlm);
            JsonNode replies = reader.get("/api/v1/chat.getThreadMessages?tmid=" + parent).expectOk().path("messages");
            assertThat(replies.findValuesAsText("msg")).as(reader.baseUrl()).containsExactly("at the station", "at the cafe");
        }

        carol.post("/api/v1/chat.delete", obj("roomId", roomId, "msgId", fromGamma)).expectOk();
        for (ApiClient reader : everyone) {
            await("one reply left on " + reader.baseUrl(), () -> thread(reader, parent).path("tcount").asInt() == 1);
            assertThat(thread(reader, parent).path("tlm").asText()).as(reader.baseUrl())
                    .isEqualTo(message(bob, fromBeta).path("ts").asText());
        }
    }

    private static String reply(ApiClient author, String roomId, String parent, String text) {
        return author.post("/api/v1/chat.sendMessage", obj("message", obj("rid", roomId, "msg", text, "tmid", parent)))
                .expectOk().path("message").path("_id").asText();
    }

    private static JsonNode thread(ApiClient reader, String parent) {
        return message(reader, parent);
    }

    private static JsonNode message(ApiClient reader, String id) {
        return reader.get("/api/v1/chat.getMessage?msgId=" + id).expectOk().path("message");
    }
}
