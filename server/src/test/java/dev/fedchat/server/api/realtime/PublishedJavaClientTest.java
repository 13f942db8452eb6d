package dev.fedchat.server.api.realtime;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.daniel_sc.rocketchat.modern_client.RocketChatClient;
import com.github.daniel_sc.rocketchat.modern_client.response.ChatMessage;
import com.github.daniel_sc.rocketchat.modern_client.response.Subscription;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.TestServer;
import io.reactivex.disposables.Disposable;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An outside check with the published Java client {@code com.github.daniel-sc:rocketchat-modern-client:0.0.7}
 * (client-api.md §4.1, §4.2 D). It waits for {@code {"server_id":"0"}}, logs in by digest, needs
 * {@code subscriptions/get []} to be a plain array, sends with a UUID {@code _id}, and subscribes
 * with {@code [rid, false]}.
 *
 * <p>The client is given a single-thread executor so its frames leave in the order they were
 * asked for: once a later call's answer is back, the server has handled the earlier {@code sub}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PublishedJavaClientTest {
    private static final long WAIT_SECONDS = 10;

    private static TestServer server;
    private static ApiClient ada;
    private static String roomId;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        ada = server.newUser("ada");
        server.newUser("jbot");
        roomId = server.admin().post("/api/v1/channels.create", obj("name", "java-room", "members", List.of("ada", "jbot")))
                .expectOk().path("channel").path("_id").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theJavaClient_logsIn_listsSubscriptions_sends_andStreamsARoom() throws Exception {
        ExecutorService serial = Executors.newSingleThreadExecutor();
        String wsUrl = server.url().replaceFirst("^http", "ws") + "/websocket";
        try (RocketChatClient client = new RocketChatClient(wsUrl, "jbot", "jbot-pass", serial)) {
            List<Subscription> subscriptions = client.getSubscriptions().get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(subscriptions).extracting(s -> s.rid).contains(roomId);
            assertThat(subscriptions).filteredOn(s -> s.rid.equals(roomId)).extracting(s -> s.name).containsExactly("java-room");

            ChatMessage sent = client.sendMessage("hello from the Java client", roomId).get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(sent.msg).isEqualTo("hello from the Java client");
            assertThat(sent.u.username).isEqualTo("jbot");
            JsonNode history = ada.get("/api/v1/channels.history?roomId=" + roomId).expectOk();
            assertThat(history.path("messages").path(0).path("_id").asText()).isEqualTo(sent._id);

            List<ChatMessage> streamed = new CopyOnWriteArrayList<>();
            Disposable listening = client.streamRoomMessages(roomId).subscribe(streamed::add);
            client.getSubscriptions().get(WAIT_SECONDS, TimeUnit.SECONDS); // the sub went out before this call
            String id = ada.post("/api/v1/chat.sendMessage", obj("message", obj("rid", roomId, "msg", "hi jbot, from REST")))
                    .expectOk().path("message").path("_id").asText();
            ChatMessage received = Awaitility.await().atMost(Duration.ofSeconds(WAIT_SECONDS))
                    .until(() -> streamed.stream().filter(m -> id.equals(m._id)).findFirst().orElse(null), m -> m != null);
            assertThat(received.msg).isEqualTo("hi jbot, from REST");
            assertThat(received.u.username).isEqualTo("ada");
            listening.dispose();
        } finally {
            serial.shutdownNow();
        }
    }
}
