package dev.fedchat.server.federation.events;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.FederatedServers;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Message search (issue 13) over messages that arrived from a peer: alice on alpha writes to
 * bob on beta; bob's search on beta finds her words, by her qualified name too, and follows her
 * edit and her delete as they arrive (stored through the replica path, not the local post).
 */
class FederatedSearchTest {
    private static FederatedServers servers;
    private static ApiClient alice;
    private static ApiClient bob;
    private static String dm;

    @BeforeAll
    static void start() {
        servers = FederatedServers.start("alpha.test", "beta.test");
        alice = servers.server("alpha.test").newUser("alice");
        bob = servers.server("beta.test").newUser("bob");
        dm = servers.openDirect(alice, "bob@beta.test");
        Awaitility.await("bob subscribed").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> Groups.subscribed(bob, dm));
    }

    @AfterAll
    static void stop() {
        servers.close();
    }

    private static List<String> found(ApiClient client, String text) {
        List<String> out = new ArrayList<>();
        client.get("/api/v1/chat.search?roomId=" + dm + "&searchText=" + URLEncoder.encode(text, StandardCharsets.UTF_8))
                .expectOk().path("messages").forEach(m -> out.add(m.path("_id").asText() + " " + m.path("msg").asText()));
        return out;
    }

    private static void awaitFound(ApiClient client, String text, List<String> expected) {
        Awaitility.await("search '" + text + "' on beta").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> found(client, text), expected::equals);
    }

    @Test
    void aMessageFromAPeer_isFound_andFollowsItsEditAndDelete() {
        JsonNode sent = alice.post("/api/v1/chat.postMessage", obj("roomId", dm, "text", "the tamarind shipment is late"))
                .expectOk().path("message");
        String id = sent.path("_id").asText();

        awaitFound(bob, "tamarind", List.of(id + " the tamarind shipment is late"));
        assertThat(found(bob, "from:alice@alpha.test shipment")).containsExactly(id + " the tamarind shipment is late");
        assertThat(found(bob, "from:me tamarind")).isEmpty();
        // the sender's own server finds it too, through its local post
        assertThat(found(alice, "\"tamarind shipment\"")).containsExactly(id + " the tamarind shipment is late");

        alice.post("/api/v1/chat.update", obj("roomId", dm, "msgId", id, "text", "the durian shipment is late")).expectOk();
        awaitFound(bob, "durian", List.of(id + " the durian shipment is late"));
        assertThat(found(bob, "tamarind")).isEmpty();

        alice.post("/api/v1/chat.delete", obj("roomId", dm, "msgId", id)).expectOk();
        awaitFound(bob, "durian", List.of());
    }
}
