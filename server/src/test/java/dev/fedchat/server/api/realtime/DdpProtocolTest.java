package dev.fedchat.server.api.realtime;

import static dev.fedchat.server.api.realtime.Frames.after;
import static dev.fedchat.server.api.realtime.Frames.callError;
import static dev.fedchat.server.api.realtime.Frames.msg;
import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.DdpClient;
import dev.fedchat.server.testing.Json;
import dev.fedchat.server.testing.TestServer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The DDP frame protocol itself (client-api.md §3.1 steps 1, 2, 7, 8): the greeting, version
 * negotiation, keep-alive in both directions, and how frames that are not DDP are answered.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DdpProtocolTest {
    private static TestServer server;
    private static String generalId;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        server.newUser("pat");
        generalId = server.admin().post("/api/v1/channels.create", obj("name", "proto-general", "members", List.of("pat")))
                .expectOk().path("channel").path("_id").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void opening_theSocket_sendsServerIdBeforeAnythingElse() {
        try (DdpClient ddp = server.ddp()) {
            ddp.await(f -> true);
            assertThat(ddp.received().get(0)).isEqualTo(Json.read("{\"server_id\":\"0\"}"));
        }
    }

    @Test
    void connect_answersConnectedWithASessionIdOfItsOwn() {
        try (DdpClient a = server.ddp().handshake(); DdpClient b = server.ddp().handshake()) {
            String first = a.await(msg("connected")).path("session").asText();
            String second = b.await(msg("connected")).path("session").asText();
            assertThat(first).isNotBlank().isNotEqualTo(second);
        }
    }

    @Test
    void connect_withOnlyAnUnknownVersion_answersFailedNamingVersion1() {
        try (DdpClient ddp = server.ddp()) {
            ddp.send(obj("msg", "connect", "version", "2", "support", List.of("2")));
            JsonNode failed = ddp.await(msg("failed").or(msg("connected")));
            assertThat(failed.path("msg").asText()).isEqualTo("failed");
            assertThat(failed.path("version").asText()).isEqualTo("1");
        }
    }

    @Test
    void frames_beforeConnect_areRefusedAndNotExecuted() {
        try (DdpClient ddp = server.ddp()) {
            ddp.send(obj("msg", "method", "id", "early", "method", "login", "params", List.of(obj("user",
                    obj("username", "pat"), "password", obj("digest", DdpClient.sha256("pat-pass"), "algorithm", "sha-256")))));
            JsonNode error = ddp.await(msg("error").or(msg("result")));
            assertThat(error.path("msg").asText()).isEqualTo("error");
            assertThat(error.path("reason").asText()).isEqualTo("Must connect first");

            // once connected the session is still anonymous: the early login did not run
            ddp.handshake();
            JsonNode refused = callError(ddp, "sendMessage", obj("rid", generalId, "msg", "too early"));
            assertThat(refused.path("error").asText()).isEqualTo("error-invalid-user");
        }
    }

    @Test
    void clientPing_isAnsweredWithPong_carryingItsIdWhenItHasOne() {
        try (DdpClient ddp = server.ddp().handshake()) {
            ddp.send(obj("msg", "ping", "id", "p-7"));
            JsonNode withId = ddp.await(msg("pong"));
            assertThat(withId).isEqualTo(Json.read("{\"msg\":\"pong\",\"id\":\"p-7\"}"));

            ddp.send(obj("msg", "ping"));
            JsonNode bare = ddp.await(f -> msg("pong").test(f) && !f.has("id"));
            assertThat(bare).isEqualTo(Json.read("{\"msg\":\"pong\"}"));
        }
    }

    @Test
    void serverPing_isSent_andAClientPongIsAcceptedSilently() {
        try (DdpClient ddp = server.ddp().handshake()) {
            server.server().ddp().pingAll();
            JsonNode ping = ddp.await(msg("ping"));
            assertThat(ping).isEqualTo(Json.read("{\"msg\":\"ping\"}"));

            ddp.send(obj("msg", "pong"));
            ddp.send(obj("msg", "ping", "id", "after-pong"));
            JsonNode marker = ddp.await(f -> f.path("id").asText().equals("after-pong"));
            assertThat(after(ddp, ping)).as("frames after the server's ping").contains(marker).noneMatch(msg("error"));
        }
    }

    @Test
    void nonJsonFrame_getsAnErrorFrame_andTheSessionGoesOn() {
        try (DdpClient ddp = server.ddp().handshake()) {
            ddp.send("{this is not json");
            JsonNode error = ddp.await(msg("error"));
            assertThat(error.path("reason").asText()).isNotBlank();
            assertStillServes(ddp);
        }
    }

    @Test
    void jsonThatIsNotADdpFrame_getsAnErrorFrame() {
        try (DdpClient ddp = server.ddp().handshake()) {
            ddp.send("[1,2,3]");
            ddp.send(obj("hello", "world"));
            ddp.await(f -> f.path("offendingMessage").path("hello").asText().equals("world"));
            assertThat(ddp.received().stream().filter(msg("error")).toList()).hasSize(2)
                    .allSatisfy(e -> assertThat(e.path("reason").asText()).startsWith("Bad request"));
            assertStillServes(ddp);
        }
    }

    @Test
    void unknownMsg_getsAnErrorFrameEchoingIt() {
        try (DdpClient ddp = server.ddp().handshake()) {
            ddp.send(obj("msg", "teleport", "id", "x"));
            JsonNode error = ddp.await(msg("error"));
            assertThat(error.path("reason").asText()).contains("teleport");
            assertThat(error.path("offendingMessage").path("msg").asText()).isEqualTo("teleport");
            assertStillServes(ddp);
        }
    }

    @Test
    void malformedMethodFrames_getAnErrorFrame_andRunNothing() {
        try (DdpClient ddp = Frames.loggedIn(server, "pat")) {
            int before = ddp.received().size();
            ddp.send(obj("msg", "method", "method", "sendMessage", "params", List.of(obj("rid", generalId, "msg", "no id"))));
            ddp.send(obj("msg", "method", "id", "m1", "method", "sendMessage", "params", obj("rid", generalId, "msg", "object params")));
            ddp.send(obj("msg", "method", "id", "m2", "params", List.of()));
            ddp.await(f -> msg("error").test(f) && f.path("offendingMessage").path("id").asText().equals("m2"));
            List<JsonNode> answers = ddp.received().subList(before, ddp.received().size()).stream()
                    .filter(msg("ping").negate()).toList(); // the server's keep-alive may come at any time
            assertThat(answers).hasSize(3).allSatisfy(e -> {
                assertThat(e.path("msg").asText()).isEqualTo("error");
                assertThat(e.path("reason").asText()).isEqualTo("Malformed method invocation");
            });
            JsonNode history = server.admin().get("/api/v1/channels.history?roomId=" + generalId).expectOk();
            assertThat(history.path("messages").toString()).doesNotContain("no id").doesNotContain("object params");
        }
    }

    @Test
    void malformedSubFrames_getAnErrorFrame() {
        try (DdpClient ddp = Frames.loggedIn(server, "pat")) {
            ddp.send(obj("msg", "sub", "id", "s1", "params", List.of(generalId, false)));
            ddp.send(obj("msg", "sub", "name", "stream-room-messages", "params", List.of(generalId, false)));
            ddp.await(f -> msg("error").test(f) && f.path("offendingMessage").path("name").isTextual());
            assertThat(ddp.received().stream().filter(msg("error")).toList()).hasSize(2).allSatisfy(e ->
                    assertThat(e.path("reason").asText()).isEqualTo("Malformed subscription"));
            assertThat(ddp.received()).noneMatch(msg("ready"));
        }
    }

    @Test
    void unknownMethod_isA404Error_followedByUpdated() {
        try (DdpClient ddp = Frames.loggedIn(server, "pat")) {
            JsonNode error = callError(ddp, "no/such/method");
            assertThat(error.path("error").asInt()).isEqualTo(404);
            assertThat(error.path("reason").asText()).isEqualTo("Method 'no/such/method' not found");
        }
    }

    @Test
    void everyResult_isFollowedByItsUpdated_evenWhenCallsArePipelined() {
        try (DdpClient ddp = Frames.loggedIn(server, "pat")) {
            for (String id : List.of("a", "b", "c")) {
                ddp.send(obj("msg", "method", "id", id, "method", id.equals("b") ? "nope" : "subscriptions/get", "params", List.of()));
            }
            ddp.await(f -> msg("updated").test(f) && f.path("methods").path(0).asText().equals("c"));
            List<String> sequence = ddp.received().stream().filter(msg("result").or(msg("updated")))
                    .map(f -> f.path("msg").asText() + ":" + (f.has("id") ? f.path("id") : f.path("methods").path(0)).asText())
                    .filter(step -> step.matches("\\w+:[abc]")) // not the login's
                    .toList();
            assertThat(sequence).containsExactly("result:a", "updated:a", "result:b", "updated:b", "result:c", "updated:c");
        }
    }

    /** A method still runs and a ping is still answered. */
    private static void assertStillServes(DdpClient ddp) {
        callError(ddp, "sendMessage", obj("rid", generalId, "msg", "anonymous"));
        ddp.send(obj("msg", "ping", "id", "still-there"));
        ddp.await(f -> msg("pong").test(f) && f.path("id").asText().equals("still-there"));
    }
}
