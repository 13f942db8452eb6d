package dev.fedchat.server.store;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.FedchatServer;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.Databases;
import dev.fedchat.server.testing.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Read-modify-write paths lock what they change, on every database: concurrent reactions to one
 * message are all kept, concurrent posts all count as unread, and two people opening the same
 * direct message at once get one room.
 */
class ConcurrentWritesTest {
    private static final int USERS = 8;

    static List<String> databases() {
        return Databases.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void concurrentWritesLoseNothing(String database) throws Exception {
        Path dataDir = TestServer.tempDir();
        ExecutorService pool = Executors.newFixedThreadPool(USERS);
        try (Databases.Target db = Databases.open(database);
             FedchatServer server = TestServer.startOn(db.config(dataDir), dataDir)) {
            ApiClient anonymous = new ApiClient(server.url());
            List<ApiClient> users = new ArrayList<>();
            for (int i = 0; i < USERS; i++) {
                anonymous.post("/api/v1/users.register", obj("username", "u" + i, "email", "u" + i + "@c.example",
                        "pass", "pw-" + i)).expectOk();
                users.add(anonymous.login("u" + i, "pw-" + i));
            }
            List<String> names = IntStream.range(1, USERS).mapToObj(i -> "u" + i).toList();
            String room = users.get(0).post("/api/v1/channels.create", obj("name", "busy", "members", names))
                    .expectOk().path("channel").path("_id").asText();
            String msg = users.get(0).post("/api/v1/chat.postMessage", obj("roomId", room, "text", "react to me"))
                    .expectOk().path("message").path("_id").asText();

            // every user reacts at the same moment, and posts twice
            all(pool, users, u -> u.post("/api/v1/chat.react", obj("messageId", msg, "emoji", ":+1:")).expectOk());
            all(pool, users, u -> {
                u.post("/api/v1/chat.postMessage", obj("roomId", room, "text", "a")).expectOk();
                u.post("/api/v1/chat.postMessage", obj("roomId", room, "text", "b")).expectOk();
            });
            // two users open the same DM at the same moment, many times
            List<ApiClient> pair = List.of(users.get(1), users.get(2), users.get(1), users.get(2));
            List<String> dmIds = new ArrayList<>();
            all(pool, pair, u -> {
                String other = u == users.get(1) ? "u2" : "u1";
                String id = u.post("/api/v1/im.create", obj("username", other)).expectOk().path("room").path("_id").asText();
                synchronized (dmIds) {
                    dmIds.add(id);
                }
            });

            JsonNode message = users.get(0).get("/api/v1/chat.getMessage?msgId=" + msg).expectOk().path("message");
            assertThat(message.path("reactions").path(":+1:").path("usernames")).hasSize(USERS);
            JsonNode history = users.get(0).get("/api/v1/channels.history?roomId=" + room + "&count=1").expectOk();
            assertThat(history.path("total").asInt()).isEqualTo(1 + 2 * USERS);
            JsonNode info = users.get(0).get("/api/v1/rooms.info?roomId=" + room).expectOk();
            assertThat(info.path("room").path("msgs").asInt()).isEqualTo(1 + 2 * USERS);
            JsonNode sub = users.get(3).get("/api/v1/subscriptions.getOne?roomId=" + room).expectOk().path("subscription");
            assertThat(sub.path("unread").asInt()).as("every post but one's own counts").isEqualTo(1 + 2 * (USERS - 1));
            assertThat(dmIds).hasSize(4).allMatch(id -> id.equals(dmIds.get(0)));
        } finally {
            pool.shutdownNow();
            TestServer.deleteRecursively(dataDir);
        }
    }

    private static void all(ExecutorService pool, List<ApiClient> users, java.util.function.Consumer<ApiClient> action) {
        CompletableFuture.allOf(users.stream()
                .map(u -> CompletableFuture.runAsync(() -> action.accept(u), pool))
                .toArray(CompletableFuture[]::new)).join();
    }
}
