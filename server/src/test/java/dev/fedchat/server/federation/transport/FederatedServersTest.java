package dev.fedchat.server.federation.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedchat.server.testing.FederatedServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The two-server harness really federates: each finds the other through DNS, both say Running. */
class FederatedServersTest {
    private static FederatedServers servers;

    @BeforeAll
    static void start() {
        servers = FederatedServers.start("alpha.test", "beta.test");
    }

    @AfterAll
    static void stop() {
        servers.close();
    }

    @Test
    void eachServerFindsTheOtherWithItsRealKey() {
        var alpha = servers.server("alpha.test").server();
        var beta = servers.server("beta.test").server();

        var betaSeenFromAlpha = alpha.peers().find("beta.test");

        assertThat(betaSeenFromAlpha.url().toString()).isEqualTo("http://localhost:" + beta.port());
        assertThat(betaSeenFromAlpha.publicKeyPem()).isEqualTo(beta.keys().publicPem());
        assertThat(beta.peers().find("alpha.test").publicKeyPem()).isEqualTo(alpha.keys().publicPem());
        assertThat(alpha.federationStatus().status().wire()).isEqualTo("Running");
        assertThat(alpha.federationClient().ownDomain()).isEqualTo("alpha.test");
    }
}
