package dev.fedchat.server.federation.events;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.federation.delivery.PeerDelivery;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.DdpClient;
import dev.fedchat.server.testing.FederatedServers;
import dev.fedchat.server.testing.Multipart;
import dev.fedchat.server.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One dispatch that mixes messages with an edit, a reaction and a message with a file: the run of
 * messages before the edit is stored together, the edit, the reaction and the file message end it
 * and are applied as alone. Beta writes them all while alpha refuses federation, then sends its
 * queue in one batch when alpha is back; alpha ends with what beta holds, and its subscribers were
 * pushed each change in the order it was made.
 */
@Timeout(120)
class DispatchMixedBatchTest {

    private static String post(ApiClient client, String roomId, String text) {
        return client.post("/api/v1/chat.postMessage", obj("roomId", roomId, "text", text)).expectOk().path("message").path("_id").asText();
    }

    /** A room's messages, oldest first, by id. */
    private static Map<String, JsonNode> history(ApiClient client, String roomId) {
        List<JsonNode> newestFirst = new ArrayList<>();
        client.get("/api/v1/im.history?roomId=" + roomId + "&count=100").expectOk().path("messages").forEach(newestFirst::add);
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            byId.put(newestFirst.get(i).path("_id").asText(), newestFirst.get(i));
        }
        return byId;
    }

    private static long pendingFor(TestServer sender, String domain) {
        return sender.server().deliveries().peers().stream().filter(p -> p.domain().equals(domain)).mapToLong(PeerDelivery::pending).sum();
    }

    /** The ids of the messages a DDP client was pushed, in order, a message pushed twice in a row counted once. */
    private static List<String> pushedIds(DdpClient live) {
        List<String> pushed = new ArrayList<>();
        for (JsonNode f : List.copyOf(live.received())) {
            if (f.path("msg").asText().equals("changed") && f.path("collection").asText().equals("stream-room-messages")) {
                String id = f.path("fields").path("args").path(0).path("_id").asText();
                if (pushed.isEmpty() || !pushed.get(pushed.size() - 1).equals(id)) {
                    pushed.add(id);
                }
            }
        }
        return pushed;
    }

    @Test
    void aBatchMixingMessagesAnEditAReactionAndAFileEndsWhereBetaIs() {
        try (FederatedServers servers = FederatedServers.start("alpha.test", "beta.test")) {
            TestServer alpha = servers.server("alpha.test");
            TestServer beta = servers.server("beta.test");
            ApiClient alice = alpha.newUser("alice");
            ApiClient bob = beta.newUser("bob");
            String roomId = servers.openDirect(alice, "bob@beta.test");
            try (DdpClient live = alpha.ddp().handshake()) {
                live.loginWithPassword("alice", "alice-pass");
                assertThat(live.subscribe("stream-room-messages", roomId, false).path("msg").asText()).isEqualTo("ready");

                // alpha refuses federation ("Federation not enabled", transient): beta keeps everything queued
                alpha.admin().post("/api/v1/settings/FEDERATION_Enabled", obj("value", false)).expectOk();
                String one = post(bob, roomId, "one");
                String two = post(bob, roomId, "two");
                bob.post("/api/v1/chat.update", obj("roomId", roomId, "msgId", one, "text", "one, edited")).expectOk();
                bob.post("/api/v1/chat.react", obj("messageId", two, "emoji", "smile", "shouldReact", true)).expectOk();
                String file = bob.send(new Multipart().file("file", "notes.txt", "text/plain", "from beta".getBytes())
                        .applyTo(bob.request("/api/v1/rooms.upload/" + roomId))).expectOk().path("message").path("_id").asText();
                String three = post(bob, roomId, "three");
                String four = post(bob, roomId, "four");
                Awaitility.await("beta holds the seven events for alpha").atMost(Duration.ofSeconds(20))
                        .pollInterval(Duration.ofMillis(50)).until(() -> pendingFor(beta, "alpha.test") == 7);

                // alpha is back; beta's queue sends the seven in one batch (at most 50 a batch)
                alpha.admin().post("/api/v1/settings/FEDERATION_Enabled", obj("value", true)).expectOk();
                beta.admin().post("/api/v1/federation.deliveries.retry", obj("domain", "alpha.test")).expectOk();
                Awaitility.await("everything on alpha").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                        .until(() -> pendingFor(beta, "alpha.test") == 0 && history(alice, roomId).containsKey(four));

                Map<String, JsonNode> onAlpha = history(alice, roomId);
                Map<String, JsonNode> onBeta = history(bob, roomId);
                assertThat(onAlpha.keySet()).containsExactlyElementsOf(onBeta.keySet()).containsExactly(one, two, file, three, four);
                assertThat(onAlpha.get(one).path("msg").asText()).isEqualTo("one, edited");
                assertThat(onAlpha.get(one).path("editedAt").isMissingNode()).isFalse();
                assertThat(onAlpha.get(two).path("reactions").path(":smile:").path("usernames").toString()).isEqualTo("[\"bob@beta.test\"]");
                String remoteFileId = onBeta.get(file).path("file").path("_id").asText();
                String localFileId = onAlpha.get(file).path("file").path("_id").asText();
                assertThat(localFileId).isNotBlank().isNotEqualTo(remoteFileId);
                assertThat(onAlpha.get(three).path("msg").asText()).isEqualTo("three");

                // pushed in the order the changes were made: posts, the edit, the reaction, the file, the posts after it
                live.await(f -> f.path("fields").path("args").path(0).path("_id").asText().equals(four));
                assertThat(pushedIds(live)).containsExactly(one, two, one, two, file, three, four);
            }
        }
    }
}
