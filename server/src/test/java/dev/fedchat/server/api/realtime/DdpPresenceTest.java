package dev.fedchat.server.api.realtime;

import static dev.fedchat.server.api.realtime.Frames.after;
import static dev.fedchat.server.api.realtime.Frames.callError;
import static dev.fedchat.server.api.realtime.Frames.callOk;
import static dev.fedchat.server.api.realtime.Frames.event;
import static dev.fedchat.server.api.realtime.Frames.loggedIn;
import static dev.fedchat.server.api.realtime.Frames.msg;
import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.DdpClient;
import dev.fedchat.server.testing.TestServer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Presence over DDP as Rocket.Chat 4–6 clients see it (issue 13): {@code stream-notify-logged}
 * {@code user-status} frames ({@code [[uid, username, status number, text, name, roles]]}),
 * {@code stream-user-presence} for the users a session follows, and the methods
 * {@code UserPresence:away}, {@code UserPresence:online}, {@code UserPresence:setDefaultStatus}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DdpPresenceTest {
    private static final String LOGGED = "stream-notify-logged";
    private static final String PRESENCE = "stream-user-presence";

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A {@code user-status} frame for {@code userId} with this status number. */
    private static Predicate<JsonNode> userStatus(String userId, int status) {
        return event(LOGGED, "user-status").and(f -> f.path("fields").path("args").path(0).path(0).asText().equals(userId)
                && f.path("fields").path("args").path(0).path(2).asInt() == status);
    }

    @Test
    void userStatusFrames_followTheSessions_idleness_andTheChosenDefault() {
        ApiClient gil = server.newUser("gil");
        server.newUser("watcher1");
        try (DdpClient watcher = loggedIn(server, "watcher1")) {
            assertThat(watcher.subscribe(LOGGED, "user-status", false).path("msg").asText()).isEqualTo("ready");

            DdpClient session = loggedIn(server, "gil");
            JsonNode online = watcher.await(userStatus(gil.userId(), 1));
            JsonNode args = online.path("fields").path("args");
            assertThat(args.size()).isEqualTo(1);
            assertThat(args.path(0).size()).isEqualTo(6);
            assertThat(args.path(0).path(1).asText()).isEqualTo("gil");
            assertThat(args.path(0).path(3).asText()).isEmpty();
            assertThat(args.path(0).path(4).asText()).isEqualTo("GIL");
            assertThat(args.path(0).path(5).toString()).isEqualTo("[\"user\"]");

            assertThat(callOk(session, "UserPresence:away").asBoolean()).isTrue();
            watcher.await(userStatus(gil.userId(), 2));
            callOk(session, "UserPresence:online");
            watcher.await(userStatus(gil.userId(), 1));
            callOk(session, "UserPresence:setDefaultStatus", "busy");
            watcher.await(userStatus(gil.userId(), 3));
            callOk(session, "setUserStatus", "busy", "on a call");
            JsonNode text = watcher.await(userStatus(gil.userId(), 3).and(f -> f.path("fields").path("args").path(0).path(3)
                    .asText().equals("on a call")));
            assertThat(text).isNotNull();

            session.close();
            watcher.await(userStatus(gil.userId(), 0));
            assertThat(gil.get("/api/v1/users.getStatus").expectOk().path("status").asText()).isEqualTo("offline");
        }
    }

    @Test
    void aBadDefaultStatus_isRefused_andTheStatusStays() {
        ApiClient hal = server.newUser("hal");
        try (DdpClient session = loggedIn(server, "hal")) {
            callOk(session, "UserPresence:setDefaultStatus", "away");
            JsonNode error = callError(session, "UserPresence:setDefaultStatus", "sleeping");
            assertThat(error.path("error").asText()).isEqualTo("error-invalid-status");
            callError(session, "setUserStatus", "napping", "zzz");

            JsonNode status = hal.get("/api/v1/users.getStatus").expectOk();
            assertThat(status.path("status").asText()).isEqualTo("away");
            assertThat(status.has("message")).isFalse();
        }
        // without a login these answer nothing, as Rocket.Chat's do, and change nothing
        try (DdpClient anonymous = server.ddp().handshake()) {
            JsonNode answer = anonymous.call("UserPresence:away");
            assertThat(answer.has("error")).isFalse();
            assertThat(answer.has("result")).isFalse();
            assertThat(anonymous.subscribe(LOGGED, "user-status", false).path("msg").asText()).isEqualTo("nosub");
            assertThat(anonymous.subscribe(PRESENCE, "", obj("added", List.of(hal.userId()))).path("msg").asText())
                    .isEqualTo("nosub");
        }
    }

    @Test
    void streamUserPresence_tellsASessionOfTheUsersItFollows_untilItStopsFollowingThem() {
        ApiClient ida = server.newUser("ida");
        ApiClient jon = server.newUser("jon");
        server.newUser("watcher2");
        try (DdpClient watcher = loggedIn(server, "watcher2")) {
            assertThat(watcher.subscribe(PRESENCE, "", obj("added", List.of(ida.userId()))).path("msg").asText()).isEqualTo("ready");

            DdpClient idaSession = loggedIn(server, "ida");
            JsonNode frame = watcher.await(msg("changed").and(f -> f.path("collection").asText().equals(PRESENCE)
                    && f.path("id").asText().equals(ida.userId())));
            assertThat(frame.path("fields").path("uid").asText()).isEqualTo(ida.userId());
            assertThat(frame.path("fields").path("eventName").asText()).isEqualTo(ida.userId());
            assertThat(frame.path("fields").path("args").toString()).isEqualTo("[\"ida\",1,\"\"]");

            // a second sub changes whom the running one follows and ends at once, as Rocket.Chat's
            JsonNode changed = watcher.subscribe(PRESENCE, "", obj("added", List.of(jon.userId()), "removed", List.of(ida.userId())));
            assertThat(changed.path("msg").asText()).isEqualTo("nosub");
            idaSession.close();
            DdpClient jonSession = loggedIn(server, "jon");
            JsonNode jons = watcher.await(msg("changed").and(f -> f.path("collection").asText().equals(PRESENCE)
                    && f.path("id").asText().equals(jon.userId())));
            assertThat(after(watcher, frame)).as("ida's going offline came before jon's frame, had it been sent")
                    .noneMatch(f -> f.path("collection").asText().equals(PRESENCE) && f.path("id").asText().equals(ida.userId()));
            assertThat(jons.path("fields").path("args").path(1).asInt()).isEqualTo(1);
            jonSession.close();
        }
    }
}
