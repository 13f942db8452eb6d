package dev.fedchat.server.federation.events;

import static dev.fedchat.server.federation.events.Forgery.dispatch;
import static dev.fedchat.server.federation.events.Forgery.event;
import static dev.fedchat.server.federation.events.Trio.ALPHA;
import static dev.fedchat.server.federation.events.Trio.BETA;
import static dev.fedchat.server.federation.events.Trio.GAMMA;
import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.StateSnapshot;
import dev.fedchat.server.user.User;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A federated room's settings and roles across three servers (issue 13, "Rooms"): alice's group on
 * alpha with bob (beta) and carol (gamma). The origin decides; its {@code room_update} reaches the
 * fedchat peers, each writing its own system messages; read-only holds on every server; a remote
 * owner's change is refused at their server, and a settings event from a server that is not the
 * room's origin is refused and changes nothing. On H2 and PostgreSQL.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FederatedRoomSettingsTest {

    @RegisterExtension
    static final Trios trios = new Trios();

    @ParameterizedTest(name = "{0}")
    @MethodSource(Trio.DATABASES)
    void settingsAndRolesSetOnTheOrigin_reachTheOtherServers_withTheirOwnSystemMessages(String database) {
        Trio world = trios.on(database);
        String room = signedGroup(world, "shared-" + database);

        world.alice.post("/api/v1/groups.setTopic", obj("roomId", room, "topic", "the shared topic")).expectOk();
        world.alice.post("/api/v1/rooms.saveRoomSettings", obj("rid", room, "roomAnnouncement", "all hands",
                "roomDescription", "what we do", "readOnly", true)).expectOk();
        world.alice.post("/api/v1/groups.addModerator", obj("roomId", room, "userId", world.bob.userId())).expectOk();
        world.alice.post("/api/v1/groups.rename", obj("roomId", room, "name", "renamed-" + database)).expectOk();

        for (ApiClient reader : List.of(world.bob, world.carol)) {
            Groups.await("the new name there", () -> Groups.info(reader, room).path("name").asText()
                    .equals("renamed-" + database + "@" + ALPHA));
            JsonNode info = Groups.info(reader, room);
            assertThat(info.path("topic").asText()).isEqualTo("the shared topic");
            assertThat(info.path("announcement").asText()).isEqualTo("all hands");
            assertThat(info.path("description").asText()).isEqualTo("what we do");
            assertThat(info.path("ro").asBoolean()).isTrue();
            assertThat(Groups.subscription(reader, room).path("name").asText()).isEqualTo("renamed-" + database + "@" + ALPHA);
            assertThat(notices(reader, room)).containsExactly("room_changed_topic:the shared topic",
                    "room_changed_announcement:all hands", "room_changed_description:what we do", "room-set-read-only:",
                    "subscription-role-added:" + (reader == world.bob ? "bob" : "bob@" + BETA) + ":moderator",
                    "r:renamed-" + database + "@" + ALPHA);
        }
        assertThat(notices(world.alice, room)).hasSize(6).as("the origin's own, none sent as messages")
                .last().isEqualTo("r:renamed-" + database);
        JsonNode roles = world.carol.get("/api/v1/groups.roles?roomId=" + room).expectOk().path("roles");
        assertThat(roles.toString()).contains("\"alice@" + ALPHA + "\"").contains("\"bob@" + BETA + "\"")
                .contains("\"moderator\"").contains("\"owner\"");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(Trio.DATABASES)
    void aReadOnlyRoom_refusesARemoteNonOwnersPost_onEveryServer_andTakesAModerators(String database) {
        Trio world = trios.on(database);
        String room = signedGroup(world, "quiet-" + database);
        world.alice.post("/api/v1/groups.addModerator", obj("roomId", room, "userId", world.bob.userId())).expectOk();
        world.alice.post("/api/v1/groups.setReadOnly", obj("roomId", room, "readOnly", true)).expectOk();
        Groups.await("gamma knows", () -> Groups.info(world.carol, room).path("ro").asBoolean());
        Groups.await("gamma knows bob moderates", () -> world.carol.get("/api/v1/groups.roles?roomId=" + room).expectOk()
                .path("roles").toString().contains("moderator"));

        // carol's own server refuses her, as it knows the room is read-only
        world.carol.post("/api/v1/chat.postMessage", obj("roomId", room, "text", "may I?")).expectErrorType("error-not-allowed");
        // and were gamma not to know, the others refuse her post
        User carol = Trio.user(world.gamma, "carol");
        StateSnapshot alphaBefore = world.settled(world.alpha);
        StateSnapshot betaBefore = StateSnapshot.of(world.beta);
        Map<String, Object> post = Map.of("message", Map.of("_id", "sneaked" + database, "rid", room, "msg", "sneaked in",
                "u", Map.of("_id", carol.id(), "username", "carol@" + GAMMA)));
        for (String to : List.of(ALPHA, BETA)) {
            assertThat(dispatch(world.gamma, to, EventType.ROOM_MESSAGE, room, post)).contains("400").contains("is read only");
        }
        StateSnapshot.of(world.alpha).assertUnchangedSince(alphaBefore);
        StateSnapshot.of(world.beta).assertUnchangedSince(betaBefore);

        String news = Groups.post(world.bob, room, "a moderator's news");
        Groups.await("alpha has it", () -> Groups.messageIds(world.alice, room).contains(news));
        Groups.await("gamma has it", () -> Groups.messageIds(world.carol, room).contains(news));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(Trio.DATABASES)
    void aRemoteOwnersChange_isRefusedAtTheirServer_namingTheRoomsOrigin(String database) {
        Trio world = trios.on(database);
        String room = signedGroup(world, "owned-" + database);
        world.alice.post("/api/v1/groups.addOwner", obj("roomId", room, "userId", world.bob.userId())).expectOk();
        Groups.await("beta knows bob owns it", () -> Groups.subscription(world.bob, room).path("roles").toString()
                .contains("owner"));
        StateSnapshot before = world.settled(world.beta);

        JsonNode refused = world.bob.post("/api/v1/groups.setTopic", obj("roomId", room, "topic", "bob's topic"))
                .expectErrorType("error-federation-not-origin");
        assertThat(refused.path("error").asText()).contains(ALPHA);
        world.bob.post("/api/v1/groups.addModerator", obj("roomId", room, "userId", world.bob.userId()))
                .expectErrorType("error-federation-not-origin");

        StateSnapshot.of(world.beta).assertUnchangedSince(before);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(Trio.DATABASES)
    void aSettingsEventFromAServerThatIsNotTheRoomsOrigin_isRefused_andChangesNothing(String database) {
        Trio world = trios.on(database);
        String room = signedGroup(world, "coveted-" + database);
        User carol = Trio.user(world.gamma, "carol");
        StateSnapshot before = world.settled(world.beta);
        Map<String, Object> takeover = Map.of("roomId", room, "version", Long.MAX_VALUE,
                "u", Map.of("_id", carol.id(), "username", "carol@" + GAMMA),
                "room", Map.of("name", "taken@" + GAMMA, "topic", "gamma rules now", "ro", true),
                "roles", List.of(Map.of("u", Map.of("_id", carol.id(), "username", "carol@" + GAMMA), "roles", List.of("owner"))));

        // in its own name, and passed off as alpha's
        assertThat(dispatch(world.gamma, BETA, EventType.ROOM_UPDATE, room, takeover)).contains("400")
                .contains("only room " + room + "'s origin " + ALPHA + " may send its settings");
        assertThat(dispatch(world.gamma, BETA, List.of(event(ALPHA, room, EventType.ROOM_UPDATE, takeover)))).contains("400");
        // and the origin itself, with a name that is not its own
        assertThat(dispatch(world.alpha, BETA, EventType.ROOM_UPDATE, room, takeover)).contains("400").contains("must be at most");

        StateSnapshot.of(world.beta).assertUnchangedSince(before);
        assertThat(Groups.info(world.bob, room).has("topic")).isFalse();
    }

    /**
     * alice's group with bob and carol, once alpha knows beta and gamma sign their requests: each
     * sends alpha a message first (a fedchat peer that never sent us anything is not known to be one).
     */
    private static String signedGroup(Trio world, String name) {
        String room = world.group(name);
        String fromBob = Groups.post(world.bob, room, "bob here");
        String fromCarol = Groups.post(world.carol, room, "carol here");
        Groups.await("alpha has both", () -> Groups.messageIds(world.alice, room).containsAll(List.of(fromBob, fromCarol)));
        return room;
    }

    /** The room's system messages as {@code reader}'s server holds them, oldest first, as {@code t:msg[:role]}. */
    private static List<String> notices(ApiClient reader, String room) {
        List<String> out = new ArrayList<>();
        reader.get("/api/v1/groups.history?roomId=" + room + "&count=100").expectOk().path("messages").forEach(m -> {
            if (m.has("t")) {
                out.add(0, m.path("t").asText() + ":" + m.path("msg").asText() + (m.has("role") ? ":" + m.path("role").asText() : ""));
            }
        });
        return out;
    }
}
