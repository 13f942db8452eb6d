package dev.fedchat.server.api.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.TestServer;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rocket.Chat's failure envelopes hold on every endpoint (client-api.md §1): 401 without login,
 * and 400 {@code invalid-params} for a body that is not a JSON object. The endpoints' own refusals
 * are tested with each endpoint.
 */
class EnvelopeApiTest {
    private static TestServer server;
    private static ApiClient admin;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        admin = server.admin();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "GET /api/v1/me", "GET /api/v1/users.info?username=admin", "POST /api/v1/users.create",
            "POST /api/v1/channels.create", "POST /api/v1/groups.create", "POST /api/v1/channels.invite",
            "POST /api/v1/groups.kick", "POST /api/v1/channels.leave", "POST /api/v1/groups.delete",
            "GET /api/v1/channels.info?roomName=x", "GET /api/v1/groups.members?roomName=x", "POST /api/v1/channels.join",
            "GET /api/v1/channels.list", "GET /api/v1/channels.list.joined", "GET /api/v1/groups.list",
            "POST /api/v1/im.create", "POST /api/v1/dm.create", "GET /api/v1/im.list", "GET /api/v1/rooms.get",
            "GET /api/v1/rooms.info?roomId=x", "POST /api/v1/rooms.leave", "POST /api/v1/rooms.muteUser",
            "POST /api/v1/rooms.unmuteUser", "GET /api/v1/subscriptions.get", "GET /api/v1/subscriptions.getOne?roomId=x",
            "POST /api/v1/subscriptions.read", "POST /api/v1/chat.postMessage", "POST /api/v1/chat.sendMessage",
            "POST /api/v1/chat.update", "POST /api/v1/chat.delete", "POST /api/v1/chat.react",
            "GET /api/v1/chat.getMessage?msgId=x", "GET /api/v1/channels.history?roomId=x",
            "GET /api/v1/groups.history?roomId=x", "GET /api/v1/im.history?roomId=x", "GET /api/v1/dm.history?roomId=x",
            "POST /api/v1/rooms.upload/x", "POST /api/v1/rooms.media/x", "POST /api/v1/rooms.mediaConfirm/x/y",
            "GET /api/v1/directory", "GET /api/v1/spotlight?query=x", "GET /api/v1/settings/Site_Url",
            "POST /api/v1/settings/Site_Url"})
    void withoutLogin_everyUserEndpointAnswers401(String endpoint) {
        JsonNode body = server.client().send(request(server.client(), endpoint, "{}")).expectError(401);

        assertThat(body.path("error").asText()).isEqualTo("You must be logged in to do this.");
        assertThat(body.path("status").asText()).isEqualTo("error");
        assertThat(body.path("message").asText()).isEqualTo("You must be logged in to do this.");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "POST /api/v1/users.register", "POST /api/v1/users.create", "POST /api/v1/channels.create",
            "POST /api/v1/groups.create", "POST /api/v1/channels.invite", "POST /api/v1/groups.kick",
            "POST /api/v1/channels.leave", "POST /api/v1/groups.delete", "POST /api/v1/channels.join",
            "POST /api/v1/im.create", "POST /api/v1/rooms.leave", "POST /api/v1/rooms.muteUser",
            "POST /api/v1/subscriptions.read", "POST /api/v1/chat.postMessage", "POST /api/v1/chat.sendMessage",
            "POST /api/v1/chat.update", "POST /api/v1/chat.delete", "POST /api/v1/chat.react",
            "POST /api/v1/settings/Site_Url"})
    void aBodyThatIsNotAJsonObject_isInvalidParams(String endpoint) {
        for (String body : new String[] {"{\"roomId\": ", "[]", "\"text\"", "{} {}"}) {
            JsonNode answer = admin.send(request(admin, endpoint, body)).expectErrorType("invalid-params");
            assertThat(answer.path("error").asText()).as("for %s", body).isNotBlank();
        }
    }

    private static HttpRequest.Builder request(ApiClient client, String endpoint, String jsonBody) {
        String[] parts = endpoint.split(" ", 2);
        HttpRequest.Builder b = client.request(parts[1]);
        return parts[0].equals("GET") ? b.GET()
                : b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(jsonBody));
    }
}
