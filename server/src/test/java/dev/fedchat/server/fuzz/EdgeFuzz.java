package dev.fedchat.server.fuzz;

import static dev.fedchat.server.fuzz.FuzzTarget.assertNo5xx;
import static dev.fedchat.server.fuzz.FuzzTarget.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fedchat.server.testing.ApiResponse;
import dev.fedchat.server.testing.Json;
import dev.fedchat.server.testing.StateSnapshot;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterProperty;

/**
 * The fuzzer (issue 12): generated input at every server-to-server endpoint and a sample of REST
 * routes of a real server ({@link FuzzTarget}), sent by an attacker that passes every check of who
 * it is (a real peer's key, a logged-in user). Per try: never a 5xx; for input that is known to be
 * refused (it concerns a room the attacker takes no part in, or is malformed), no change to the
 * server's state ({@link StateSnapshot}); for input that may be accepted, only the first. After
 * each property the server must still be healthy: a local post and a real federated message work.
 *
 * <p>Bounded: a fixed number of tries per property and a time budget per database
 * ({@code -Dfedchat.fuzz.seconds}, 60 by default), after which the remaining tries pass unsent.
 * Seeded: jqwik draws a seed per property and prints it with any failure, and the failing sample
 * (shrunk) first; to replay one, put {@code seed = "<seed>"} on the {@code @Property}. Each finding
 * is kept as a file under {@code src/test/resources/fuzz/} that {@link FuzzCorpus} replays every run
 * (see the README there). The subclasses run it on H2, and on PostgreSQL when
 * {@code -Dfedchat.pg.url} is given.
 */
abstract class EdgeFuzz {
    /** The properties' tries: a few hundred requests in all, well within the budget on a quiet machine. */
    static final int TRIES = 60;

    /** The servers under attack, one set per database, started by the first try of a container and stopped after it. */
    private static final Map<String, FuzzTarget> TARGETS = new ConcurrentHashMap<>();

    /** {@code h2} or {@code postgresql}. */
    abstract String database();

    FuzzTarget target() {
        return TARGETS.computeIfAbsent(database(), d -> new FuzzTarget(d, budget()));
    }

    /** For the subclasses' {@code @AfterContainer}. */
    static void stop(String database) {
        FuzzTarget target = TARGETS.remove(database);
        if (target != null) {
            target.close();
        }
    }

    /** {@code -Dfedchat.fuzz.seconds}: how long the tries may send, per database (60 s by default). */
    static Duration budget() {
        return Duration.ofSeconds(Long.getLong("fedchat.fuzz.seconds", 60));
    }

    @AfterProperty
    void serverIsStillHealthy() {
        target().assertHealthy();
    }

    @Example
    void theCommittedCorpus_replays() {
        List<FuzzCorpus.Finding> corpus = FuzzCorpus.all();
        assertThat(corpus).as("the files under src/test/resources/fuzz").isNotEmpty();
        corpus.forEach(finding -> FuzzCorpus.replay(target(), finding));
    }

    @Example
    void aNulInTheTextOfAFederatedMessage_isRefusedAndChangesNothing() {
        StateSnapshot before = target().snapshot();

        ApiResponse answer = target().sealedPost("events.dispatch", target().fill("{\"events\":[{\"_id\":\"e1\",\"origin\":"
                + "\"beta.test\",\"context\":{\"roomId\":\"$SHARED\"},\"parentIds\":[],\"type\":\"room_message\","
                + "\"timestamp\":{\"$date\":1},\"data\":{\"message\":{\"_id\":\"m1\",\"rid\":\"$SHARED\",\"msg\":\"a\\u0000b\","
                + "\"u\":{\"_id\":\"$BOB\",\"username\":\"bob@beta.test\"}}}}]}"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.text()).contains("events[0].data.message.msg").contains("U+0000");
        target().snapshot().assertUnchangedSince(before);
    }

    @Property(tries = TRIES * 2)
    void eventsAboutARoomTheSenderIsNotIn_changeNothing(@ForAll("eventsAboutTheSecretRoom") String batch) {
        if (target().budgetSpent()) {
            return;
        }
        StateSnapshot before = target().snapshot();

        ApiResponse answer = target().sealedPost("events.dispatch", target().fill(batch));
        collect(answer);

        // a batch of pings alone is answered 200 and changes nothing; everything else is refused
        assertNo5xx(answer, batch);
        target().snapshot().assertUnchangedSince(before);
    }

    @Property(tries = TRIES)
    void eventsAboutARoomTheSenderIsIn_neverFailTheServer(@ForAll("eventsAboutThePlayRoom") String batch) {
        if (target().budgetSpent()) {
            return;
        }
        ApiResponse answer = target().sealedPost("events.dispatch", target().fill(batch));
        collect(answer);

        // 503 is the designed answer while a file or a third server's user cannot be fetched: the sender retries
        if (answer.status() != 503) {
            assertNo5xx(answer, batch);
        }
    }

    @Property(tries = TRIES / 2)
    void malformedSealedBodies_areRefusedAndChangeNothing(@ForAll("malformedBodies") String body,
                                                          @ForAll("sealedMethods") String method) {
        if (target().budgetSpent()) {
            return;
        }
        StateSnapshot before = target().snapshot();

        ApiResponse answer = target().sealedPost(method, body);

        assertRefused(answer, body);
        target().snapshot().assertUnchangedSince(before);
    }

    @Property(tries = TRIES)
    void requestsForEventsOfRoomsTheSenderIsNotIn_areRefusedAndChangeNothing(@ForAll("requestsFromLatest") String body) {
        if (target().budgetSpent()) {
            return;
        }
        StateSnapshot before = target().snapshot();

        ApiResponse answer = target().sealedPost("events.requestFromLatest", target().fill(body));

        assertRefused(answer, body);
        target().snapshot().assertUnchangedSince(before);
    }

    @Property(tries = TRIES * 2)
    void peerLookupsAndUploads_neverFailAndChangeNothing(@ForAll("peerGets") String pathAndQuery,
                                                        @ForAll("claimedDomains") String domain) {
        if (target().budgetSpent()) {
            return;
        }
        StateSnapshot before = target().snapshot();

        ApiResponse answer = target().peerGet(target().fill(pathAndQuery), domain.isEmpty() ? null : domain);

        assertNo5xx(answer, pathAndQuery + " claiming " + domain);
        target().snapshot().assertUnchangedSince(before);
    }

    /** Presence and typing (issue 13): never stored, so whatever beta reports, alpha's state stays. */
    @Property(tries = TRIES)
    void ephemeralEvents_neverFailAndChangeNothing(@ForAll("ephemeralEvents") ObjectNode event) {
        if (target().budgetSpent()) {
            return;
        }
        StateSnapshot before = target().snapshot();
        String body = target().fill(event.toString());

        ApiResponse answer = target().signedPost("ephemeral", body);

        assertNo5xx(answer, body);
        target().snapshot().assertUnchangedSince(before);
    }

    @Property(tries = TRIES * 2)
    void restReads_neverFailAndChangeNothing(@ForAll("restReads") String pathAndQuery) {
        if (target().budgetSpent()) {
            return;
        }
        StateSnapshot before = target().snapshot();

        ApiResponse answer = target().mallory.get(target().fill(pathAndQuery));

        assertNo5xx(answer, pathAndQuery);
        target().snapshot().assertUnchangedSince(before);
    }

    @Property(tries = TRIES * 2)
    void restWritesAboutRoomsTheCallerIsNotIn_areRefusedAndChangeNothing(@ForAll("restWritePaths") String path,
                                                                        @ForAll("restWritesElsewhere") ObjectNode body) {
        if (target().budgetSpent()) {
            return;
        }
        StateSnapshot before = target().snapshot();

        ApiResponse answer = send(path, body);

        assertRefused(answer, path + " " + body);
        target().snapshot().assertUnchangedSince(before);
    }

    @Property(tries = TRIES)
    void postsInTheCallersOwnRoom_neverFailTheServer(@ForAll("postsInMallorysRoom") ObjectNode body) {
        if (target().budgetSpent()) {
            return;
        }
        assertNo5xx(send("/api/v1/chat.postMessage", body), body.toString());
    }

    @Property(tries = TRIES / 2)
    void logins_withGeneratedCredentials_areRefusedAndChangeNothing(@ForAll("logins") ObjectNode body) {
        if (target().budgetSpent()) {
            return;
        }
        StateSnapshot before = target().snapshot();

        ApiResponse answer = target().alpha().client().post("/api/v1/login", body.toString());

        assertRefused(answer, body.toString());
        target().snapshot().assertUnchangedSince(before);
    }

    /** Tallies the answers by status and the start of the error (jqwik prints it with {@code -Djqwik.reporting.onlyfailures=false}). */
    private static void collect(ApiResponse answer) {
        String error = answer.body() == null ? "" : answer.body().path("error").asText("");
        String shape = error.replaceAll("[0-9a-f]{64}|[A-Za-z0-9]{17}", "<id>");
        Statistics.collect(answer.status(), shape.substring(0, Math.min(60, shape.length())));
    }

    /** {@code body} POSTed by mallory as raw JSON text, the fixture's ids filled in. */
    private ApiResponse send(String path, ObjectNode body) {
        HttpRequest.Builder request = target().mallory.request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(target().fill(body.toString())));
        return target().mallory.send(request);
    }

    // --- generators ---

    @Provide
    Arbitrary<String> eventsAboutTheSecretRoom() {
        return batches(FuzzInputs.event("$SECRET"));
    }

    @Provide
    Arbitrary<String> eventsAboutThePlayRoom() {
        return batches(FuzzInputs.event("$PLAY"));
    }

    private static Arbitrary<String> batches(Arbitrary<JsonNode> events) {
        return events.list().ofMinSize(1).ofMaxSize(3).map(list -> "{\"events\":" + list + "}");
    }

    @Provide
    Arbitrary<String> malformedBodies() {
        return Arbitraries.oneOf(FuzzInputs.deepNesting().map(d -> "{\"events\":" + d + "}"),
                FuzzInputs.json(2).map(JsonNode::toString).filter(text -> !text.startsWith("{")),
                Arbitraries.of("", "{", "{\"events\":", "not json", "{\"events\":[{\"type\":\"ping\"}]", "\u0000",
                        "{\"events\":\"\u0000\"}", "{\"events\":[\"\\ud800\"]}", "{\"events\":[1,2,3]}", "{\"events\":{}}"));
    }

    @Provide
    Arbitrary<String> sealedMethods() {
        return Arbitraries.of("events.dispatch", "events.requestFromLatest");
    }

    @Provide
    Arbitrary<String> requestsFromLatest() {
        Arbitrary<JsonNode> latest = Arbitraries.oneOf(FuzzInputs.json(1),
                FuzzInputs.oddText().list().ofMaxSize(5).map(ids -> (JsonNode) Json.MAPPER.valueToTree(ids)));
        return Combinators.combine(Arbitraries.of("beta.test", "BETA.test", "alpha.test", "", "\u0000"),
                        FuzzInputs.idAmong("$SECRET", "$MALLORY_ROOM"), latest, FuzzInputs.json(1))
                .as((from, roomId, ids, junk) -> {
                    ObjectNode body = Json.MAPPER.createObjectNode().put("fromDomain", from);
                    body.putObject("contextQuery").put("roomId", roomId);
                    body.set("latestEventIds", ids);
                    body.set("extra", junk);
                    return body.toString();
                });
    }

    @Provide
    Arbitrary<ObjectNode> ephemeralEvents() {
        return Combinators.combine(Arbitraries.of("presence", "typing", "wave"),
                FuzzInputs.body(List.of("userId", "roomId", "status", "statusText", "activities", "tmid"), "$BOB", "$SHARED",
                        "$SECRET", "online", "busy"))
                .as((type, o) -> {
                    o.put("type", type);
                    return o;
                });
    }

    @Provide
    Arbitrary<String> peerGets() {
        return Arbitraries.oneOf(
                FuzzInputs.query(List.of("username", "domain")).map(q -> "/api/v1/federation.users.search?" + q),
                FuzzInputs.query(List.of("username")).map(q -> "/api/v1/federation.users.getByUsername?" + q),
                FuzzInputs.query(List.of("upload_id")).map(q -> "/api/v1/federation.uploads?" + q));
    }

    /** Header values an HTTP client can send (no control characters): the attacker's own, ours, others, none. */
    @Provide
    Arbitrary<String> claimedDomains() {
        return Arbitraries.of("beta.test", "alpha.test", "", "gamma.test", "BETA.TEST", "beta.test.", "not a domain", "é.test",
                "a".repeat(300) + ".test", "localhost", "127.0.0.1");
    }

    @Provide
    Arbitrary<String> restReads() {
        return Arbitraries.of(FuzzInputs.restQueries().entrySet().stream().toList())
                .flatMap(route -> FuzzInputs.query(route.getValue()).map(q -> route.getKey() + "?" + q));
    }

    @Provide
    Arbitrary<String> restWritePaths() {
        return Arbitraries.of("/api/v1/chat.postMessage", "/api/v1/chat.sendMessage", "/api/v1/channels.kick",
                "/api/v1/groups.kick", "/api/v1/channels.join", "/api/v1/groups.invite", "/api/v1/rooms.leave");
    }

    /** Bodies whose every id is a room mallory is not in (or no room at all): all of them refused. */
    @Provide
    Arbitrary<ObjectNode> restWritesElsewhere() {
        return FuzzInputs.body(List.of("roomId", "rid", "channel", "roomName", "text", "msg", "userId", "username", "message",
                "alias", "attachments"), "$SECRET", "$SHARED", "$BOB");
    }

    @Provide
    Arbitrary<ObjectNode> postsInMallorysRoom() {
        return FuzzInputs.body(List.of("text", "alias", "emoji", "avatar", "attachments", "tmid", "_id", "customFields"),
                "$MALLORY_ROOM").map(body -> body.put("roomId", "$MALLORY_ROOM"));
    }

    @Provide
    Arbitrary<ObjectNode> logins() {
        return FuzzInputs.body(List.of("user", "username", "email", "password", "resume", "code", "totp"), "mallory", "alice", "admin")
                .filter(body -> !body.path("password").asText().endsWith("-pass"));
    }
}
