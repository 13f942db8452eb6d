package dev.fedchat.server.api.rest;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.Json;
import dev.fedchat.server.testing.TestServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Meteor methods through REST ({@code method.call/<name>}, {@code method.callAnon/<name>}), as the
 * mobile app calls them with {@code API_Use_REST_For_DDP_Calls} on: the same methods and answers as
 * over DDP, inside Rocket.Chat's envelope; and what a malformed call gets (400, nothing run).
 */
class MethodCallApiTest {
    private static TestServer server;
    private static ApiClient alice;
    private static String room;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        alice = server.newUser("alice");
        room = alice.post("/api/v1/channels.create", obj("name", "methods")).expectOk().path("channel").path("_id").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aMethodCall_runsTheDdpMethod_andAnswersItsResultFrameAsEjsonText() {
        JsonNode envelope = call(alice, "method.call/sendMessage", frame("1", "sendMessage",
                obj("_id", "viaRestMethodCall", "rid", room, "msg", "sent through method.call"))).expectOk();

        JsonNode result = Json.read(envelope.path("message").asText());
        assertThat(result.path("msg").asText()).isEqualTo("result");
        assertThat(result.path("id").asText()).isEqualTo("1");
        assertThat(result.path("result").path("_id").asText()).isEqualTo("viaRestMethodCall");
        assertThat(result.path("result").path("ts").path("$date").isNumber()).as("EJSON dates, as over DDP").isTrue();
        assertThat(history()).contains("sent through method.call");
    }

    @Test
    void aMethodThatFails_isStill200_withMeteorsErrorInTheFrame() {
        JsonNode envelope = call(alice, "method.call/sendMessage", frame("2", "sendMessage",
                obj("rid", "no-such-room", "msg", "lost"))).expectOk();

        JsonNode error = Json.read(envelope.path("message").asText()).path("error");
        assertThat(error.path("error").asText()).isEqualTo("error-invalid-room");
        assertThat(error.path("errorType").asText()).isEqualTo("Meteor.Error");
        assertThat(error.path("isClientSafe").asBoolean()).isTrue();
        assertThat(error.path("reason").asText()).isNotBlank();
    }

    @Test
    void anUnknownMethod_answersMeteors404InTheFrame() {
        JsonNode error = Json.read(call(alice, "method.call/no.such.method", frame("3", "no.such.method"))
                .expectOk().path("message").asText()).path("error");

        assertThat(error.path("error").asInt()).isEqualTo(404);
        assertThat(error.path("reason").asText()).contains("no.such.method");
    }

    @Test
    void methodCall_withoutALogin_is401_andRunsNothing() {
        call(server.client(), "method.call/sendMessage", frame("4", "sendMessage",
                obj("rid", room, "msg", "anonymous post"))).expectError(401);

        assertThat(history()).doesNotContain("anonymous post");
    }

    @Test
    void callAnon_runsWithoutAUser_evenWhenCredentialsAreSent() {
        JsonNode modules = Json.read(call(alice, "method.callAnon/license:getModules", frame("5", "license:getModules"))
                .expectOk().path("message").asText());
        JsonNode post = Json.read(call(alice, "method.callAnon/sendMessage", frame("6", "sendMessage",
                obj("rid", room, "msg", "not as alice"))).expectOk().path("message").asText());

        assertThat(modules.path("result").isArray()).isTrue();
        assertThat(modules.path("result")).isEmpty();
        assertThat(post.path("error").path("error").asText()).isEqualTo("error-invalid-user");
        assertThat(history()).doesNotContain("not as alice");
    }

    @Test
    void callAnon_login_givesAToken_thatLogsInOverRest() {
        JsonNode login = Json.read(call(server.client(), "method.callAnon/login", frame("7", "login",
                obj("user", obj("username", "alice"), "password", obj("digest", sha256("alice-pass"), "algorithm", "sha-256"))))
                .expectOk().path("message").asText()).path("result");

        ApiClient again = server.client().withCredentials(login.path("id").asText(), login.path("token").asText());
        assertThat(again.get("/api/v1/me").expectOk().path("username").asText()).isEqualTo("alice");
        assertThat(login.path("tokenExpires").path("$date").isNumber()).isTrue();
    }

    @Test
    void logoutThroughMethodCall_revokesTheTokenItWasCalledWith() {
        ApiClient bob = server.newUser("bob-logs-out");

        call(bob, "method.call/logout", frame("8", "logout")).expectOk();

        bob.get("/api/v1/me").expectError(401);
    }

    @Test
    void aMessageThatIsNotEjson_orNotAMethodFrame_is400_andRunsNothing() {
        JsonNode notJson = call(alice, "method.call/sendMessage", "{not json").expectError(400);
        JsonNode noParams = call(alice, "method.call/sendMessage", Json.write(obj("msg", "method", "id", "9",
                "method", "sendMessage"))).expectError(400);
        JsonNode notAFrame = call(alice, "method.call/sendMessage", "[1,2]").expectError(400);
        alice.post("/api/v1/method.call/sendMessage", obj("text", "no message field")).expectError(400);

        assertThat(notJson.path("error").asText()).startsWith("Invalid method call");
        assertThat(noParams.path("error").asText()).startsWith("Invalid method call");
        assertThat(notAFrame.path("error").asText()).startsWith("Invalid method call");
    }

    @Test
    void aFrameCallingAnotherMethodThanThePathNames_is400_andRunsNothing() {
        JsonNode refused = call(alice, "method.call/license:getModules", frame("10", "sendMessage",
                obj("rid", room, "msg", "smuggled post"))).expectError(400);

        assertThat(refused.path("error").asText()).contains("license:getModules").contains("sendMessage");
        assertThat(history()).doesNotContain("smuggled post");
    }

    @Test
    void textNoDatabaseCanStore_insideTheFrame_is400_andRunsNothing() {
        // a NUL escaped in the frame's text: the body itself is clean, the frame it holds is not
        String frame = "{\"msg\":\"method\",\"id\":\"11\",\"method\":\"sendMessage\",\"params\":[{\"rid\":\"" + room
                + "\",\"msg\":\"bad \\u0000 text\"}]}";

        call(alice, "method.call/sendMessage", frame).expectErrorType("invalid-params");

        assertThat(history()).noneMatch(t -> t.startsWith("bad "));
    }

    @Test
    void spotlight_withoutATypeObject_searchesUsersAndRooms() {
        JsonNode result = Json.read(call(alice, "method.call/spotlight", frame("12", "spotlight", "meth"))
                .expectOk().path("message").asText()).path("result");
        JsonNode notText = Json.read(call(alice, "method.call/spotlight", frame("13", "spotlight", 42))
                .expectOk().path("message").asText());

        assertThat(result.path("rooms")).extracting(r -> r.path("_id").asText()).containsExactly(room);
        assertThat(result.path("users").isArray()).isTrue();
        assertThat(notText.path("error").path("error").asText()).isEqualTo("error-invalid-params");
    }

    @Test
    void getRoomByTypeAndName_findsTheRoomALinkNames_andOnlyForWhoMayReadIt() {
        ApiClient dora = server.newUser("dora");
        String direct = dora.post("/api/v1/im.create", obj("username", "alice")).expectOk().path("room").path("_id").asText();
        dora.post("/api/v1/groups.create", obj("name", "doras-secret")).expectOk();

        JsonNode byName = result(alice, "getRoomByTypeAndName", "c", "methods");
        JsonNode byUsername = result(alice, "getRoomByTypeAndName", "d", "dora");
        JsonNode missing = frameOf(alice, "getRoomByTypeAndName", "c", "no-such-room");
        JsonNode secret = frameOf(alice, "getRoomByTypeAndName", "p", "doras-secret");

        assertThat(byName.path("_id").asText()).isEqualTo(room);
        assertThat(byName.path("t").asText()).isEqualTo("c");
        assertThat(byUsername.path("_id").asText()).isEqualTo(direct);
        assertThat(missing.path("error").path("error").asText()).isEqualTo("error-not-found");
        assertThat(secret.path("error").path("error").asText()).isEqualTo("error-not-allowed");
    }

    private static JsonNode result(ApiClient client, String method, Object... params) {
        JsonNode frame = frameOf(client, method, params);
        assertThat(frame.has("error")).as("%s answered %s", method, frame).isFalse();
        return frame.path("result");
    }

    private static JsonNode frameOf(ApiClient client, String method, Object... params) {
        return Json.read(call(client, "method.call/" + method, frame("x", method, params)).expectOk().path("message").asText());
    }

    private static String frame(String id, String method, Object... params) {
        return Json.write(obj("msg", "method", "id", id, "method", method, "params", List.of(params)));
    }

    private static dev.fedchat.server.testing.ApiResponse call(ApiClient client, String path, String message) {
        return client.post("/api/v1/" + path, obj("message", message));
    }

    private static List<String> history() {
        List<String> texts = new java.util.ArrayList<>();
        alice.get("/api/v1/channels.history?roomId=" + room + "&count=100").expectOk().path("messages")
                .forEach(m -> texts.add(m.path("msg").asText()));
        return texts;
    }

    private static String sha256(String text) {
        return dev.fedchat.server.testing.DdpClient.sha256(text);
    }
}
