package dev.fedchat.server.federation.events;

import static dev.fedchat.server.federation.events.Trio.ALPHA;
import static dev.fedchat.server.federation.events.Trio.BETA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fedchat.server.federation.delivery.PeerDelivery;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.Multipart;
import dev.fedchat.server.testing.StateSnapshot;
import dev.fedchat.server.user.User;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No amplification (issue 12 §4): one cheap request must not make a server do unbounded work. The
 * review made a 5-event room send 41 dispatches and 203 events with 40 {@code requestFromLatest}
 * naming no event; and every event of an unknown room made the receiver send a request back.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class AmplificationProbesTest {


    private static long sentTo(Trio world, String domain) {
        return world.alpha.server().deliveries().peers().stream().filter(p -> p.domain().equals(domain))
                .mapToLong(PeerDelivery::eventsOut).sum();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(Trio.DATABASES)
    void askingForARoomsEventsAgainAndAgainSendsThemOnce(String database) throws Exception {
        try (Trio world = Trio.start(database)) {
            String roomId = world.group("asked-for", world.bob);
            for (int i = 0; i < 3; i++) {
                Groups.post(world.alice, roomId, "message " + i);
            }
            Awaitility.await("alpha's queue for beta empty").atMost(Duration.ofSeconds(20))
                    .until(() -> world.alpha.server().deliveries().peers().stream().filter(p -> p.domain().equals(BETA))
                            .allMatch(p -> p.pending() == 0));
            long before = sentTo(world, BETA);
            int roomEvents = world.alpha.admin().get("/api/v1/federation.events?roomId=" + roomId).expectOk().path("total").asInt();

            String body = "{\"fromDomain\":\"" + BETA + "\",\"contextType\":\"room\",\"contextQuery\":{\"roomId\":\"" + roomId
                    + "\"},\"latestEventIds\":[]}";
            for (int i = 0; i < 40; i++) {
                world.beta.server().federationClient().post(ALPHA, "federation.events.requestFromLatest", body);
            }

            Awaitility.await("the answer sent").atMost(Duration.ofSeconds(20))
                    .until(() -> world.alpha.server().deliveries().peers().stream().filter(p -> p.domain().equals(BETA))
                            .allMatch(p -> p.pending() == 0));
            assertThat(sentTo(world, BETA) - before).as("events sent for 40 requests").isPositive()
                    .isLessThanOrEqualTo(roomEvents);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(Trio.DATABASES)
    void eventsOfAThousandUnknownRoomsMakeAHandfulOfRequests(String database) {
        try (Trio world = Trio.start(database)) {
            StateSnapshot before = world.settled(world.alpha);
            long asked = world.alpha.server().eventGaps().asksSent();
            for (int batch = 0; batch < 2; batch++) {
                List<FederationEvent> events = new ArrayList<>();
                for (int i = 0; i < 500; i++) {
                    String roomId = "Unknown" + batch + "x" + i;
                    events.add(Forgery.event(BETA, roomId, EventType.ROOM_MESSAGE, Map.of("message", Map.of("_id", "m" + i,
                            "rid", roomId, "msg", "?", "u", Map.of("_id", "u", "username", "u")))));
                }
                assertThat(Forgery.dispatch(world.beta, ALPHA, events)).isNull();
            }

            Awaitility.await("the asks sent").atMost(Duration.ofSeconds(20))
                    .until(() -> world.alpha.server().eventGaps().asksSent() - asked >= EventGaps.MAX_ASKS_PER_ORIGIN);
            assertThat(world.alpha.server().eventGaps().asksSent() - asked).isEqualTo(EventGaps.MAX_ASKS_PER_ORIGIN);
            StateSnapshot.of(world.alpha).assertUnchangedSince(before);
        }
    }

    /** A file the sender says it does not have is not asked for again and again: the message is refused. */
    @ParameterizedTest(name = "{0}")
    @MethodSource(Trio.DATABASES)
    void aMessageNamingAFileItsSenderDoesNotHaveIsRefusedNotRetriedForever(String database) {
        try (Trio world = Trio.start(database)) {
            String dm = world.servers.openDirect(world.bob, "alice@" + ALPHA);
            Groups.await("alice in the conversation", () -> Groups.subscribed(world.alice, dm));
            User bob = Trio.user(world.beta, "bob");
            StateSnapshot before = world.settled(world.alpha);

            String refused = Forgery.dispatch(world.beta, ALPHA, EventType.ROOM_MESSAGE, dm, Map.of("message", Map.of(
                    "_id", "fileless", "rid", dm, "msg", "", "u", Map.of("_id", bob.id(), "username", "bob@" + BETA),
                    "file", Map.of("_id", "NoSuchFile1234567", "name", "ghost.png", "type", "image/png"))));

            assertThat(refused).contains("400").contains("names a file beta.test will not serve");
            StateSnapshot.of(world.alpha).assertUnchangedSince(before);
        }
    }

    /**
     * A batch of 25 messages with files costs alpha at most 20 downloads per request: the rest waits
     * for the sender's next attempt, which starts where the last one stopped, so all arrive.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource(Trio.DATABASES)
    void aBatchOfManyFilesIsFetchedAFewAtATimeAndArrivesWhole(String database) {
        try (Trio world = Trio.start(database)) {
            String dm = world.servers.openDirect(world.bob, "alice@" + ALPHA);
            Groups.await("alice in the conversation", () -> Groups.subscribed(world.alice, dm));
            world.alpha.stop();
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < InboundEvents.MAX_FILES_PER_BATCH + 5; i++) {
                byte[] bytes = ("file " + i).getBytes(StandardCharsets.UTF_8);
                sent.add(world.bob.send(new Multipart().file("file", "f" + i + ".txt", "text/plain", bytes)
                        .applyTo(world.bob.request("/api/v1/rooms.upload/" + dm))).expectOk().path("message").path("_id").asText());
            }
            world.alpha.restart();
            ApiClient alice = world.alpha.client().login("alice", "alice-pass");

            Awaitility.await("every file message on alpha").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> sent.stream().allMatch(id -> alice.get("/api/v1/chat.getMessage?msgId=" + id).status() == 200));
            assertThat(world.beta.server().deliveries().peers().stream().filter(p -> p.domain().equals(ALPHA))
                    .map(PeerDelivery::lastError).toList()).anySatisfy(e -> assertThat(e).contains("at most 20 files"));
        }
    }
}
