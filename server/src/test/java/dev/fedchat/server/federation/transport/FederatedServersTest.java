package dev.fedchat.server.federation.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fedchat.protocol.testing.TestKeys;
import dev.fedchat.server.testing.FederatedServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The two-server harness really federates: each finds the other through DNS, both say Running;
 * and a POST body sealed ahead ({@link FederationClient#seal}) goes out ({@link FederationClient#send})
 * for the key the peer cache holds when it is sent.
 */
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

    @Test
    void aBodySealedForAKeyReplacedSince_isSealedAgainForTheCurrentKey() throws Exception {
        var alpha = servers.server("alpha.test").server();
        var beta = servers.server("beta.test").server();
        // step 1: DNS has a stale key for the peer; alpha seals a request for it
        servers.publish("beta.test", beta.port(), TestKeys.publicPem(TestKeys.generate()));
        alpha.peers().forget("beta.test");
        FederationClient.SealedPost sealed = alpha.federationClient().seal("beta.test", "federation.events.dispatch", "{\"events\":[]}");
        // (sent now, beta cannot open it: the control for step 3)
        assertThatThrownBy(() -> alpha.federationClient().send(sealed)).isInstanceOfSatisfying(PeerCallException.class,
                e -> assertThat(e.kind()).isEqualTo(PeerCallException.Kind.UNTRUSTED));

        // step 2: the peer's right key is published and alpha's cache learns it before the request goes
        servers.publish("beta.test", beta.port(), beta.keys().publicPem());
        alpha.peers().forget("beta.test");
        assertThat(alpha.peers().find("beta.test").publicKeyPem()).isEqualTo(beta.keys().publicPem());

        // step 3: what is sent is sealed again for that key, and beta opens it
        assertThatCode(() -> alpha.federationClient().send(sealed)).doesNotThrowAnyException();
    }
}
