package dev.fedchat.server.federation.events;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fedchat.server.events.ChatEvent;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.FederatedServers;
import dev.fedchat.server.testing.History;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.Awaitility;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A local change and its federation event are one commit (issue 4 §5): inside the change's
 * transaction the event and its outbox row are already written, and whatever stops that
 * transaction takes them back with the change. So a server can never hold a message whose
 * delivery was lost (a crash between two commits), nor deliver one it does not hold.
 *
 * <p>The failure is a listener that runs in the change's transaction after the federation's,
 * notes what the transaction holds for the change's message or room, and throws for marked
 * changes, standing in for a crash or a failed commit at that point.
 */
class FederatedChangeAtomicityTest {
    private static final String POISON = "this change fails after its federation event was written";

    private static FederatedServers servers;
    private static ApiClient alice;
    private static ApiClient bob;
    /** What each transaction had queued for beta when it was about to end, by message text or room name. */
    private static final Map<String, Integer> queuedInTransaction = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() {
        servers = FederatedServers.start("alpha.test", "beta.test");
        alice = servers.server("alpha.test").newUser("alice");
        bob = servers.server("beta.test").newUser("bob");
        servers.server("alpha.test").server().events().subscribeInTransaction((h, event) -> {
            if (event instanceof ChatEvent.MessageSaved saved) {
                queuedInTransaction.put(saved.message().msg(), queuedFor(h, saved.message().id()));
                if (saved.message().msg().startsWith(POISON)) {
                    throw new IllegalStateException("the commit of this change failed (test)");
                }
            } else if (event instanceof ChatEvent.RoomCreated created) {
                queuedInTransaction.put(created.room().name(), queuedFor(h, created.room().id()));
                if (created.room().name().equals("never-made")) {
                    throw new IllegalStateException("the commit of this group failed (test)");
                }
            }
        });
    }

    /** Outbox rows for beta whose event mentions {@code id}, as this transaction sees them. */
    private static int queuedFor(Handle h, String id) {
        return h.createQuery("SELECT COUNT(*) FROM federation_outbox o JOIN federation_events e ON e.id = o.event_id"
                        + " WHERE o.domain = 'beta.test' AND e.wire LIKE :pattern")
                .bind("pattern", "%" + id + "%").mapTo(Integer.class).one();
    }

    @AfterAll
    static void stop() {
        servers.close();
    }

    @Test
    void aPostWhoseTransactionFailsLeavesNeitherTheMessageNorItsEvent() {
        String roomId = alice.post("/api/v1/im.create", obj("username", "bob@beta.test")).expectOk().path("room").path("_id").asText();
        alice.post("/api/v1/chat.postMessage", obj("roomId", roomId, "text", "before")).expectOk();
        assertThat(queuedInTransaction).containsEntry("before", 1);

        assertThat(alice.post("/api/v1/chat.postMessage", obj("roomId", roomId, "text", POISON)).status()).isEqualTo(500);
        assertThat(queuedInTransaction).containsEntry(POISON, 1);
        // an edit into the poison text fails the same way and leaves the message as it was
        String kept = alice.post("/api/v1/chat.postMessage", obj("roomId", roomId, "text", "kept as it is"))
                .expectOk().path("message").path("_id").asText();
        assertThat(alice.post("/api/v1/chat.update", obj("roomId", roomId, "msgId", kept, "text", POISON + " (edit)")).status())
                .isEqualTo(500);
        assertThat(queuedInTransaction.get(POISON + " (edit)")).isGreaterThanOrEqualTo(2); // the post's event and the edit's
        alice.post("/api/v1/chat.postMessage", obj("roomId", roomId, "text", "after")).expectOk();

        // events go out in order: once "after" is on beta, anything queued before it would be there too
        Awaitility.await("the last post on beta").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> History.texts(bob, "im", roomId).contains("after"));
        assertThat(History.texts(bob, "im", roomId)).containsExactly("after", "kept as it is", "before");
        assertThat(History.texts(alice, "im", roomId)).containsExactly("after", "kept as it is", "before");
        assertThat(servers.server("alpha.test").server().deliveries().peers())
                .allSatisfy(peer -> assertThat(peer.pending()).isZero());
    }

    @Test
    void aGroupWhoseCreationFailsIsNotAnnouncedToItsServers() {
        assertThat(alice.post("/api/v1/groups.create", obj("name", "never-made", "members", List.of("bob@beta.test"))).status())
                .isEqualTo(500);
        assertThat(queuedInTransaction.get("never-made")).isPositive(); // its genesis was queued, then taken back
        alice.post("/api/v1/groups.create", obj("name", "made", "members", List.of("bob@beta.test"))).expectOk();

        Awaitility.await("bob in the group that was made").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> bob.get("/api/v1/groups.list").expectOk().path("groups").toString().contains("\"made@alpha.test\""));
        assertThat(bob.get("/api/v1/groups.list").expectOk().path("groups").toString()).doesNotContain("never-made");
        assertThat(alice.get("/api/v1/groups.info?roomName=never-made").status()).isEqualTo(400);
    }
}
