package dev.fedchat.server.fuzz;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fedchat.protocol.crypto.CryptoProvider;
import dev.fedchat.protocol.crypto.FederationBody;
import dev.fedchat.protocol.crypto.PayloadCipher;
import dev.fedchat.server.config.DatabaseConfig;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.ApiResponse;
import dev.fedchat.server.testing.Databases;
import dev.fedchat.server.testing.FederatedServers;
import dev.fedchat.server.testing.Json;
import dev.fedchat.server.testing.StateSnapshot;
import dev.fedchat.server.testing.TestServer;
import dev.fedchat.server.federation.transport.RequestProof;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;

/**
 * What the fuzzer attacks: two real federated servers, {@code alpha.test} (the target) and
 * {@code beta.test} (the attacker: a real server whose key alpha trusts), on one database kind.
 * On alpha, {@code alice} owns a private group no other server takes part in ({@link #secretRoom})
 * and two groups shared with {@code bob@beta.test}: {@link #sharedRoom}, which the health check
 * posts in, and {@link #playRoom}, the target of events that may be accepted (a forged
 * {@code room_user_left} of bob, say, would end the health check's federated message);
 * {@code mallory} is a local user in none, who owns a channel of her own ({@link #malloryRoom}).
 * An event about the secret room, or a REST call of mallory's about it, is refused whatever else
 * it holds, so the state must not move; an event about the play room, or mallory's post in her
 * own channel, may be accepted, and must then still be answered without a 5xx.
 */
final class FuzzTarget implements AutoCloseable {
    static final String ALPHA = "alpha.test";
    static final String BETA = "beta.test";

    private final List<Databases.Target> databases = new ArrayList<>();
    private final FederatedServers servers;
    private final FederationBody sealer = new FederationBody(PayloadCipher.sequential(CryptoProvider.preferNative()), Json.MAPPER);
    private final long deadline;
    final ApiClient alice;
    final ApiClient mallory;
    final ApiClient bob;
    final String secretRoom;
    final String sharedRoom;
    final String playRoom;
    final String malloryRoom;
    final String bobId;
    private int healthChecks;

    /** Starts the servers on {@code database} ({@code h2} or {@code postgresql}); tries stop sending after {@code budget}. */
    FuzzTarget(String database, Duration budget) {
        FederatedServers started = null;
        try {
            started = FederatedServers.start(c -> c.withDatabase(freshDatabase(database, c.dataDir())), ALPHA, BETA);
            servers = started;
            alice = alpha().newUser("alice");
            mallory = alpha().newUser("mallory");
            bob = beta().newUser("bob");
            bobId = bob.userId();
            secretRoom = alice.post("/api/v1/groups.create", obj("name", "secret")).expectOk().path("group").path("_id").asText();
            sharedRoom = alice.post("/api/v1/groups.create", obj("name", "shared", "members", List.of("bob@beta.test")))
                    .expectOk().path("group").path("_id").asText();
            playRoom = alice.post("/api/v1/groups.create", obj("name", "play", "members", List.of("bob@beta.test")))
                    .expectOk().path("group").path("_id").asText();
            malloryRoom = mallory.post("/api/v1/channels.create", obj("name", "mallorys")).expectOk()
                    .path("channel").path("_id").asText();
            Awaitility.await("the shared group on beta").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                    .until(() -> beta().server().rooms().byId(sharedRoom).isPresent()
                            && beta().server().rooms().byId(playRoom).isPresent());
        } catch (RuntimeException e) {
            if (started != null) {
                started.close();
            }
            databases.forEach(Databases.Target::close);
            throw e;
        }
        deadline = System.nanoTime() + budget.toNanos();
    }

    private DatabaseConfig freshDatabase(String database, java.nio.file.Path dataDir) {
        if (database.equals("h2")) {
            return DatabaseConfig.inMemory("fuzz-" + UUID.randomUUID());
        }
        Databases.Target target = Databases.open(database);
        databases.add(target);
        return target.config(dataDir);
    }

    TestServer alpha() {
        return servers.server(ALPHA);
    }

    TestServer beta() {
        return servers.server(BETA);
    }

    /** True once the time budget is spent: the remaining tries pass without sending. */
    boolean budgetSpent() {
        return System.nanoTime() > deadline;
    }

    /** Alpha's state once every queue is empty (a delivery in flight would move the outbox under the probe). */
    StateSnapshot snapshot() {
        Awaitility.await("every queue empty").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> List.of(alpha(), beta()).stream().allMatch(s -> s.server().deliveries().peers().stream()
                        .allMatch(p -> p.pending() == 0)));
        return StateSnapshot.of(alpha());
    }

    /**
     * POSTs {@code jsonText} to alpha's {@code federation.<method>}, sealed with beta's real key
     * for alpha's, as beta's {@code FederationClient} would: the attacker passes every check of
     * who is calling, and what it sends is all that is left to refuse.
     */
    ApiResponse sealedPost(String method, String jsonText) {
        String sealed = sealer.seal(jsonText, alpha().server().keys().publicKey(), beta().server().keys().privateKey());
        String path = "/api/v1/federation." + method;
        // signed as beta signs: beta is a signing peer to alpha, whose unsigned requests alpha refuses
        String proof = RequestProof.sign(beta().server().keys().privateKey(), new RequestProof.Signed(BETA, ALPHA, "POST", path,
                Map.of(), sealed.getBytes(StandardCharsets.UTF_8)), System.currentTimeMillis());
        HttpRequest.Builder request = alpha().client().request(path)
                .header("Content-Type", "application/json").header("x-federation-domain", BETA)
                .header(RequestProof.HEADER, proof)
                .POST(HttpRequest.BodyPublishers.ofString(sealed));
        return alpha().client().send(request);
    }

    /** POSTs {@code jsonText} as it is (unsealed) to alpha's {@code federation.<method>}, signed as beta signs. */
    ApiResponse signedPost(String method, String jsonText) {
        byte[] body = jsonText.getBytes(StandardCharsets.UTF_8);
        String path = "/api/v1/federation." + method;
        String proof = RequestProof.sign(beta().server().keys().privateKey(), new RequestProof.Signed(BETA, ALPHA, "POST", path,
                Map.of(), body), System.currentTimeMillis());
        return alpha().client().send(alpha().client().request(path).header("Content-Type", "application/json")
                .header("x-federation-domain", BETA).header(RequestProof.HEADER, proof)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** An unsealed GET of a server-to-server endpoint, claiming {@code domain} when it is not null. */
    ApiResponse peerGet(String pathAndQuery, String domain) {
        HttpRequest.Builder request = alpha().client().request(pathAndQuery);
        if (domain != null) {
            request.header("x-federation-domain", domain);
        }
        return alpha().client().send(request.GET());
    }

    /**
     * {@code template} with the fixture's ids in place of {@code $SECRET}, {@code $SHARED},
     * {@code $PLAY}, {@code $MALLORY_ROOM}, {@code $BOB}.
     */
    String fill(String template) {
        return template.replace("$SECRET", secretRoom).replace("$SHARED", sharedRoom).replace("$PLAY", playRoom)
                .replace("$MALLORY_ROOM", malloryRoom).replace("$BOB", bobId);
    }

    /**
     * Fails unless alpha still works: a local post is stored, and a real federated message from
     * bob on beta arrives in the shared group on alpha.
     */
    void assertHealthy() {
        String tag = "healthy-" + (++healthChecks);
        alice.post("/api/v1/chat.postMessage", obj("roomId", secretRoom, "text", tag)).expectOk();
        String id = bob.post("/api/v1/chat.postMessage", obj("roomId", sharedRoom, "text", tag)).expectOk()
                .path("message").path("_id").asText();
        Awaitility.await("bob's message " + tag + " on alpha").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> alice.get("/api/v1/chat.getMessage?msgId=" + id).status() == 200);
        assertThat(alpha().client().get("/api/info").status()).isEqualTo(200);
    }

    /** Asserts {@code response} is not a server error, naming what was sent. */
    static void assertNo5xx(ApiResponse response, String sent) {
        assertThat(response.status()).as("the answer to %s: %s", abbreviated(sent), response.text()).isLessThan(500);
    }

    /** Asserts {@code response} is a refusal (4xx, so never a success and never a server error). */
    static void assertRefused(ApiResponse response, String sent) {
        assertThat(response.status()).as("the answer to %s: %s", abbreviated(sent), response.text()).isBetween(400, 499);
    }

    static String abbreviated(String text) {
        return text.length() <= 600 ? text : text.substring(0, 600) + "… (" + text.length() + " chars)";
    }

    @Override
    public void close() {
        servers.close();
        databases.forEach(Databases.Target::close);
    }
}
