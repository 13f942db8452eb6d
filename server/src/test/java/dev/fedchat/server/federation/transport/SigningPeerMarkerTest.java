package dev.fedchat.server.federation.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fedchat.protocol.crypto.CryptoProvider;
import dev.fedchat.protocol.crypto.FederationBody;
import dev.fedchat.protocol.crypto.PayloadCipher;
import dev.fedchat.server.config.DatabaseConfig;
import dev.fedchat.server.federation.settings.FederationSettings;
import dev.fedchat.server.testing.Databases;
import dev.fedchat.server.testing.FederatedServers;
import dev.fedchat.server.testing.Json;
import dev.fedchat.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * That a peer signs is remembered in beta's database, not only in its memory: after a restart an
 * unsigned request claiming that peer is still refused, on every database. Before the peer ever
 * signed, the same unsigned request is taken, as from a Rocket.Chat peer (the control).
 */
class SigningPeerMarkerTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static List<String> databases() {
        return Databases.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aPeerKnownToSign_staysKnownAcrossARestart(String name) throws Exception {
        Path dir = TestServer.tempDir();
        try (Databases.Target target = Databases.open(name)) {
            DatabaseConfig db = target.config(dir);
            // beta on the database under test, alpha on its own in-memory one
            try (FederatedServers servers = FederatedServers.start(c -> "beta.test".equals(c.settingOverrides()
                    .get(FederationSettings.DOMAIN)) ? c.withDatabase(db) : c, "alpha.test", "beta.test")) {
                TestServer alpha = servers.server("alpha.test");
                TestServer beta = servers.server("beta.test");

                // step 1: alpha has never signed to beta: an unsigned body it sealed is taken
                assertThat(unsignedEmptyBatch(alpha, beta).statusCode()).isEqualTo(200);

                // step 2: alpha sends one request as fedchat does, signed
                alpha.server().federationClient().post("beta.test", "federation.events.dispatch", "{\"events\":[]}");
                HttpResponse<String> downgraded = unsignedEmptyBatch(alpha, beta);
                assertThat(downgraded.statusCode()).as(downgraded.body()).isEqualTo(403);

                // step 3: beta restarts with empty memory; its database still knows
                beta.stop();
                beta.restart();
                HttpResponse<String> afterRestart = unsignedEmptyBatch(alpha, beta);
                assertThat(afterRestart.statusCode()).as(afterRestart.body()).isEqualTo(403);
                assertThat(Json.read(afterRestart.body()).path("error").asText())
                        .contains("it is not signed, and alpha.test has signed its requests since");
            }
        } finally {
            TestServer.deleteRecursively(dir);
        }
    }

    /** What a Rocket.Chat peer would send: a body sealed with alpha's key, no proof. */
    private static HttpResponse<String> unsignedEmptyBatch(TestServer alpha, TestServer beta) throws Exception {
        String sealed = new FederationBody(new PayloadCipher(CryptoProvider.jdk()), new ObjectMapper())
                .seal("{\"events\":[]}", beta.server().keys().publicKey(), alpha.server().keys().privateKey());
        return HTTP.send(HttpRequest.newBuilder(URI.create(beta.url() + "/api/v1/federation.events.dispatch"))
                .header("x-federation-domain", "alpha.test").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(sealed)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
