package dev.fedchat.server.store;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.FedchatServer;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.Databases;
import dev.fedchat.server.testing.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Everything the chat core stores survives a restart, on every database we support (H2 always,
 * PostgreSQL when the test command started one). The scenario goes through the real API so each
 * store's SQL runs on the database under test.
 */
class PersistenceTest {

    static List<String> databases() {
        return Databases.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void chatStateSurvivesARestart(String database) {
        Path dataDir = TestServer.tempDir();
        try (Databases.Target db = Databases.open(database)) {
            Scenario before;
            // step 1: a first server run writes users, rooms, messages, reactions, a file and a setting
            try (FedchatServer first = TestServer.startOn(db.config(dataDir), dataDir)) {
                before = Scenario.play(first.url());
            }
            // step 2: a second run on the same database and data directory sees all of it
            try (FedchatServer second = TestServer.startOn(db.config(dataDir), dataDir)) {
                before.verify(second.url());
            }
        } finally {
            TestServer.deleteRecursively(dataDir);
        }
    }

    /** What the first run did, and how to check it on the second. */
    private record Scenario(String aliceId, String aliceToken, String bobId, String channelId, String dmId,
                            String keptMessageId, String editedMessageId, String fileLink, byte[] fileBytes) {

        static Scenario play(String url) {
            ApiClient anonymous = new ApiClient(url);
            for (String name : List.of("alice", "bob", "under_score")) {
                anonymous.post("/api/v1/users.register", obj("username", name, "email", name + "@store.example",
                        "pass", name + "-pass", "name", name + " Store")).expectOk();
            }
            ApiClient alice = anonymous.login("alice", "alice-pass");
            ApiClient bob = anonymous.login("bob", "bob-pass");
            String channelId = alice.post("/api/v1/channels.create", obj("name", "persisted", "members", List.of("bob")))
                    .expectOk().path("channel").path("_id").asText();
            alice.post("/api/v1/groups.create", obj("name", "secret-group")).expectOk();
            String dmId = alice.post("/api/v1/im.create", obj("username", "bob")).expectOk().path("room").path("_id").asText();
            String kept = alice.post("/api/v1/chat.postMessage", obj("roomId", channelId, "text", "hello @bob"))
                    .expectOk().path("message").path("_id").asText();
            String edited = bob.post("/api/v1/chat.postMessage", obj("roomId", channelId, "text", "first draft"))
                    .expectOk().path("message").path("_id").asText();
            bob.post("/api/v1/chat.update", obj("roomId", channelId, "msgId", edited, "text", "final text")).expectOk();
            String deleted = bob.post("/api/v1/chat.postMessage", obj("roomId", channelId, "text", "oops"))
                    .expectOk().path("message").path("_id").asText();
            bob.post("/api/v1/chat.delete", obj("roomId", channelId, "msgId", deleted)).expectOk();
            bob.post("/api/v1/chat.react", obj("messageId", kept, "emoji", "tada")).expectOk();
            alice.post("/api/v1/chat.postMessage", obj("roomId", dmId, "text", "just us")).expectOk();
            alice.post("/api/v1/rooms.muteUser", obj("roomId", channelId, "username", "bob")).expectOk();
            new ApiClient(url).login(TestServer.ADMIN, TestServer.ADMIN_PASSWORD)
                    .post("/api/v1/settings/Site_Name", obj("value", "Persisted Workspace")).expectOk();
            byte[] bytes = "file contents ✓".getBytes(StandardCharsets.UTF_8);
            String link = upload(alice, channelId, "notes.txt", bytes).path("attachments").path(0).path("title_link").asText();
            return new Scenario(alice.userId(), alice.token(), bob.userId(), channelId, dmId, kept, edited, link, bytes);
        }

        void verify(String url) {
            ApiClient alice = new ApiClient(url).withCredentials(aliceId, aliceToken);
            // the login token is still valid: tokens are stored, not kept in memory
            assertThat(alice.get("/api/v1/me").expectOk().path("username").asText()).isEqualTo("alice");
            JsonNode history = alice.get("/api/v1/channels.history?roomId=" + channelId).expectOk();
            assertThat(history.path("messages")).extracting(m -> m.path("_id").asText())
                    .contains(keptMessageId, editedMessageId).hasSize(3);
            JsonNode kept = alice.get("/api/v1/chat.getMessage?msgId=" + keptMessageId).expectOk().path("message");
            assertThat(kept.path("mentions").path(0).path("username").asText()).isEqualTo("bob");
            assertThat(kept.path("reactions").path(":tada:").path("usernames").toString()).contains("bob");
            JsonNode edited = alice.get("/api/v1/chat.getMessage?msgId=" + editedMessageId).expectOk().path("message");
            assertThat(edited.path("msg").asText()).isEqualTo("final text");
            assertThat(edited.path("editedBy").path("username").asText()).isEqualTo("bob");
            assertThat(alice.get("/api/v1/im.history?roomId=" + dmId).expectOk().path("messages").path(0).path("msg").asText())
                    .isEqualTo("just us");
            JsonNode groups = alice.get("/api/v1/groups.list").expectOk();
            assertThat(groups.path("groups").path(0).path("name").asText()).isEqualTo("secret-group");
            ApiClient bob = new ApiClient(url).login("bob", "bob-pass");
            JsonNode subs = bob.get("/api/v1/subscriptions.get").expectOk().path("update");
            JsonNode channelSub = find(subs, channelId);
            assertThat(channelSub.path("unread").asInt()).as("bob's unread in the channel").isEqualTo(2);
            assertThat(channelSub.path("muted").asBoolean()).isTrue();
            bob.post("/api/v1/chat.postMessage", obj("roomId", channelId, "text", "still muted?"))
                    .expectErrorType("error-user-muted");
            assertThat(new ApiClient(url).get("/api/v1/settings.public").expectOk().path("settings").toString())
                    .contains("Persisted Workspace");
            HttpResponse<byte[]> download = alice.raw(alice.request(fileLink).GET());
            assertThat(download.statusCode()).isEqualTo(200);
            assertThat(download.body()).isEqualTo(fileBytes);
            JsonNode found = alice.get("/api/v1/directory?type=users&text=under_").expectOk();
            assertThat(found.path("result")).extracting(u -> u.path("username").asText()).containsExactly("under_score");
        }

        private static JsonNode find(JsonNode subscriptions, String roomId) {
            for (JsonNode s : subscriptions) {
                if (s.path("rid").asText().equals(roomId)) {
                    return s;
                }
            }
            throw new AssertionError("no subscription to " + roomId + " in " + subscriptions);
        }

        private static JsonNode upload(ApiClient client, String roomId, String name, byte[] content) {
            String boundary = "fedchat-store-test";
            byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                    + "\"\r\nContent-Type: text/plain\r\n\r\n").getBytes(StandardCharsets.UTF_8);
            byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
            byte[] body = new byte[head.length + content.length + tail.length];
            System.arraycopy(head, 0, body, 0, head.length);
            System.arraycopy(content, 0, body, head.length, content.length);
            System.arraycopy(tail, 0, body, head.length + content.length, tail.length);
            HttpRequest.Builder request = client.request("/api/v1/rooms.upload/" + roomId)
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            return client.send(request).expectOk().path("message");
        }
    }
}
