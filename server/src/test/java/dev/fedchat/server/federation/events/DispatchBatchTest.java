package dev.fedchat.server.federation.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fedchat.server.config.DatabaseConfig;
import dev.fedchat.server.federation.transport.PeerCallException;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.DdpClient;
import dev.fedchat.server.testing.FederatedServers;
import dev.fedchat.server.testing.Json;
import dev.fedchat.server.testing.TestServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A dispatch batch of messages, as beta's queue sends them after a busy minute, arriving on alpha:
 * stored in order, each once, pushed to alpha's DDP subscribers in order, and with far fewer
 * durable commits than messages (the run is stored in one transaction, {@link MessageRun}). The
 * batches are built here and sealed with beta's key, so the test decides exactly what one
 * dispatch holds; alpha proves beta as for its real events.
 *
 * <p>The commits are counted by the database itself: both servers run on embedded H2 files as in
 * production ({@code WRITE_DELAY=0}, every commit written to the file), and H2 reports how often
 * it wrote the file ({@code info.FILE_WRITE}).
 */
@Timeout(120)
class DispatchBatchTest {
    private static final AtomicLong LAST_TS = new AtomicLong();
    private static FederatedServers servers;
    private static TestServer alpha;
    private static TestServer beta;
    private static ApiClient alice;
    private static String bobId;
    private static String dmId;
    /** A connection of the test's own to alpha's database, to read its statistics. */
    private static Connection alphaDb;
    private DdpClient live;

    @BeforeAll
    static void start() throws SQLException {
        servers = FederatedServers.start(c -> c.withDatabase(DatabaseConfig.embedded(c.dataDir())), "alpha.test", "beta.test");
        alpha = servers.server("alpha.test");
        beta = servers.server("beta.test");
        alice = alpha.newUser("alice");
        beta.newUser("bob");
        bobId = beta.server().users().byUsername("bob").orElseThrow().id();
        dmId = servers.openDirect(alice, "bob@beta.test");
        DatabaseConfig db = alpha.config().database();
        alphaDb = DriverManager.getConnection(db.url(), db.user(), db.password());
    }

    @AfterAll
    static void stop() throws SQLException {
        if (alphaDb != null) {
            alphaDb.close();
        }
        servers.close();
    }

    @BeforeEach
    void subscribe() {
        live = alpha.ddp().handshake();
        live.loginWithPassword("alice", "alice-pass");
        assertThat(live.subscribe("stream-room-messages", dmId, false).path("msg").asText()).isEqualTo("ready");
    }

    @AfterEach
    void unsubscribe() {
        live.close();
    }

    /** A {@code room_message} of bob's in the DM, as beta would send it, after {@code parent} (null: none). */
    private static FederationEvent message(String messageId, String text, FederationEvent parent) {
        return message(messageId, text, parent, bobId, "bob@beta.test");
    }

    private static FederationEvent message(String messageId, String text, FederationEvent parent, String authorId, String author) {
        ObjectNode data = Json.MAPPER.createObjectNode();
        ObjectNode m = data.putObject("message");
        m.put("_id", messageId);
        m.put("rid", dmId);
        m.put("msg", text);
        m.putObject("ts").put("$date", nextTs());
        m.putObject("u").put("_id", authorId).put("username", author);
        return FederationEvent.create("beta.test", dmId, parent == null ? List.of() : List.of(parent.id()),
                EventType.ROOM_MESSAGE, System.currentTimeMillis(), data);
    }

    /** A time later than the previous message's: history is ordered by time, as beta's messages are written. */
    private static long nextTs() {
        return LAST_TS.updateAndGet(previous -> Math.max(previous + 1, System.currentTimeMillis()));
    }

    /** {@code count} messages, each the child of the one before, with ids {@code <prefix>0...}. */
    private static List<FederationEvent> messages(String prefix, int count) {
        List<FederationEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(message(prefix + i, prefix + " number " + i, events.isEmpty() ? null : events.get(events.size() - 1)));
        }
        return events;
    }

    /** Sends the events to alpha as one dispatch from beta; returns alpha's refusal, or null when it accepted them. */
    private static PeerCallException dispatch(List<FederationEvent> events) {
        StringBuilder body = new StringBuilder("{\"events\":[");
        for (FederationEvent e : events) {
            body.append(body.charAt(body.length() - 1) == '[' ? "" : ",").append(e.toWire());
        }
        try {
            beta.server().federationClient().post("alpha.test", "federation.events.dispatch", body.append("]}").toString());
            return null;
        } catch (PeerCallException e) {
            return e;
        }
    }

    private static List<String> historyIds() {
        List<String> ids = new ArrayList<>();
        // history is newest first
        alice.get("/api/v1/im.history?roomId=" + dmId + "&count=1000").expectOk().path("messages")
                .forEach(m -> ids.add(0, m.path("_id").asText()));
        return ids;
    }

    /** The ids of the messages alice's DDP subscription was pushed, in the order it got them. */
    private List<String> pushedIds() {
        List<String> ids = new ArrayList<>();
        for (JsonNode f : List.copyOf(live.received())) {
            if (f.path("msg").asText().equals("changed") && f.path("collection").asText().equals("stream-room-messages")) {
                ids.add(f.path("fields").path("args").path(0).path("_id").asText());
            }
        }
        return ids;
    }

    private void awaitPushed(String lastId) {
        live.await(f -> f.path("msg").asText().equals("changed")
                && f.path("fields").path("args").path(0).path("_id").asText().equals(lastId));
    }

    private static long alphaFileWrites() throws SQLException {
        try (Statement s = alphaDb.createStatement();
             ResultSet r = s.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'info.FILE_WRITE'")) {
            assertThat(r.next()).as("H2 reports its file writes").isTrue();
            return Long.parseLong(r.getString(1));
        }
    }

    private static List<String> ids(List<FederationEvent> events) {
        return events.stream().map(e -> e.data().path("message").path("_id").asText()).toList();
    }

    @Test
    void aBatchOfMessagesIsStoredInOrderOnceAndPushedInOrderWithFewerCommitsThanMessages() throws SQLException {
        int n = 30;
        List<FederationEvent> batch = messages("run", n);
        long writesBefore = alphaFileWrites();

        assertThat(dispatch(batch)).isNull();

        long writes = alphaFileWrites() - writesBefore;
        // one transaction for the 30 messages, their events and beta's events_in; before, 2 per message and 1 more
        assertThat(writes).as("durable commits on alpha for a dispatch of %d messages", n).isLessThan(n).isLessThanOrEqualTo(5);
        assertThat(historyIds().stream().filter(ids(batch)::contains).toList()).containsExactlyElementsOf(ids(batch));
        awaitPushed(ids(batch).get(n - 1));
        assertThat(pushedIds()).containsExactlyElementsOf(ids(batch));
        assertThat(alpha.server().deliveries().peers()).anySatisfy(p -> {
            assertThat(p.domain()).isEqualTo("beta.test");
            assertThat(p.eventsIn()).isGreaterThanOrEqualTo(n);
        });
    }

    @Test
    void aDuplicateInTheMiddleOfABatchIsStoredOnce() {
        FederationEvent stored = message("dup-held", "held already", null);
        assertThat(dispatch(List.of(stored))).isNull();
        awaitPushed("dup-held");
        FederationEvent first = message("dup-first", "first", null);
        // the same message again under another event id, as a peer that re-created its event would send it
        FederationEvent sameMessage = message("dup-held", "held already", first);
        FederationEvent last = message("dup-last", "last", sameMessage);

        assertThat(dispatch(List.of(first, stored, sameMessage, first, last))).isNull();

        awaitPushed("dup-last");
        assertThat(pushedIds()).containsExactly("dup-held", "dup-first", "dup-last");
        List<String> history = historyIds();
        assertThat(history.stream().filter(id -> id.startsWith("dup-")).toList()).containsExactly("dup-held", "dup-first", "dup-last");
    }

    @Test
    void aMessageFailingATrustCheckIsRefusedAsAloneAndTheMessagesBeforeItAreStored() {
        FederationEvent before = message("trust-before", "before", null);
        FederationEvent asAlice = message("trust-forged", "words put in alice's mouth", before, alice.userId(), "alice@alpha.test");
        FederationEvent after = message("trust-after", "after", before);

        PeerCallException refused = dispatch(List.of(before, asAlice, after));

        assertThat(refused).isNotNull();
        assertThat(refused.kind()).isEqualTo(PeerCallException.Kind.REJECTED);
        assertThat(refused.getMessage()).contains("beta.test cannot send messages of alice");
        // the events before the refused one stay applied; the sender's queue sets it aside and sends the rest again
        awaitPushed("trust-before");
        assertThat(historyIds()).contains("trust-before").doesNotContain("trust-forged", "trust-after");
        assertThat(dispatch(List.of(after))).isNull();
        awaitPushed("trust-after");
        assertThat(pushedIds()).containsExactly("trust-before", "trust-after");
        assertThat(historyIds()).doesNotContain("trust-forged");
    }

    @Test
    void aMessageTheDatabaseRejectsFailsAloneAfterTheMessagesBeforeItAreStored() {
        List<FederationEvent> batch = new ArrayList<>(messages("fail", 3));
        // an id wider than the messages.id column: its insert fails, and with it the run's transaction
        FederationEvent tooLong = message("fail-" + "x".repeat(90), "does not fit", batch.get(2));
        batch.add(tooLong);
        batch.add(message("fail-after", "after the failure", tooLong));

        PeerCallException failed = dispatch(batch);

        assertThat(failed).as("alpha could not apply the batch").isNotNull();
        // the id can never fit: a data exception is the sender's bad input (DatabaseFailure), refused, not retried
        assertThat(failed.kind()).isEqualTo(PeerCallException.Kind.REJECTED);
        awaitPushed("fail2");
        assertThat(pushedIds()).containsExactly("fail0", "fail1", "fail2");
        assertThat(historyIds().stream().filter(id -> id.startsWith("fail")).toList()).containsExactly("fail0", "fail1", "fail2");
        // the same batch again (the sender's retry) stores nothing twice
        assertThat(dispatch(batch)).isNotNull();
        assertThat(historyIds().stream().filter(id -> id.startsWith("fail")).toList()).containsExactly("fail0", "fail1", "fail2");
    }
}
