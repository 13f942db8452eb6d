package dev.fedchat.protocol.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fedchat.protocol.testing.Dnsmasq;
import dev.fedchat.protocol.testing.TestKeys;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Discovery walks real DNS (dnsmasq): each domain under {@code .test} below is one way an
 * operator may have published, or mis-published, the records.
 */
class PeerDiscoveryTest {
    private static final String KEY = TestKeys.publicPem(TestKeys.generate());
    private static final String OTHER_KEY = TestKeys.publicPem(TestKeys.generate());
    private static Dnsmasq dns;
    private static PeerDiscovery discovery;

    @BeforeAll
    static void startDns() {
        dns = Dnsmasq.records().ttl(90)
                // the usual set-up: _https and the key in several strings of one record
                .srv("_rocketchat._https.alpha.test", "chat.alpha.test", 8443, 1, 1)
                .txt("rocketchat-public-key.alpha.test", TestKeys.pieces(KEY, 200))
                // plain http
                .srv("_rocketchat._http.beta.test", "beta.test", 3000, 1, 1)
                .txt("rocketchat-public-key.beta.test", KEY)
                // legacy _tcp without the protocol TXT
                .srv("_rocketchat._tcp.gamma.test", "gamma.test", 443, 1, 1)
                .txt("rocketchat-public-key.gamma.test", KEY)
                // legacy _tcp that says http
                .srv("_rocketchat._tcp.delta.test", "delta.test", 8080, 1, 1)
                .txt("rocketchat-tcp-protocol.delta.test", "http")
                .txt("rocketchat-public-key.delta.test", KEY)
                // legacy _tcp that says nonsense
                .srv("_rocketchat._tcp.epsilon.test", "epsilon.test", 8080, 1, 1)
                .txt("rocketchat-tcp-protocol.epsilon.test", "ftp")
                .txt("rocketchat-public-key.epsilon.test", KEY)
                // the key cut across three records (Rocket.Chat #14831)
                .srv("_rocketchat._https.split.test", "split.test", 443, 1, 1)
                .txt("rocketchat-public-key.split.test", KEY.substring(0, 150))
                .txt("rocketchat-public-key.split.test", KEY.substring(150, 300))
                .txt("rocketchat-public-key.split.test", KEY.substring(300))
                // the key TXT holds something else
                .srv("_rocketchat._https.garbled.test", "garbled.test", 443, 1, 1)
                .txt("rocketchat-public-key.garbled.test", "v=spf1 -all")
                // SRV but no key at all
                .srv("_rocketchat._https.keyless.test", "keyless.test", 443, 1, 1)
                // two priorities: the lower number wins whatever the weights
                .srv("_rocketchat._https.prio.test", "backup.prio.test", 443, 20, 100)
                .srv("_rocketchat._https.prio.test", "main.prio.test", 443, 10, 1)
                .txt("rocketchat-public-key.prio.test", KEY)
                // "." target: the service is decidedly not offered over https, so http is used
                .srv("_rocketchat._https.dotted.test", ".", 0, 0, 0)
                .srv("_rocketchat._http.dotted.test", "dotted.test", 80, 1, 1)
                .txt("rocketchat-public-key.dotted.test", KEY)
                .start();
        discovery = new PeerDiscovery(DnsjavaLookup.at(dns.server(), Duration.ofSeconds(2)), HubFallback.NONE,
                new SrvSelection(new Random(7)));
    }

    @AfterAll
    static void stopDns() {
        dns.close();
    }

    @Test
    void httpsSrvAndAKeyInSeveralStringsOfOneRecord() {
        Peer peer = discovery.find("alpha.test");
        assertThat(peer.url()).isEqualTo(URI.create("https://chat.alpha.test:8443"));
        assertThat(peer.publicKeyPem()).isEqualTo(KEY);
        assertThat(peer.source()).isEqualTo(Peer.Source.DNS);
        assertThat(peer.ttlSeconds()).isEqualTo(90);
        assertThat(peer.trail()).extracting(Attempt::step).first().asString().startsWith("SRV _rocketchat._https.alpha.test");
    }

    @Test
    void theDomainIsNormalisedBeforeAsking() {
        assertThat(discovery.find(" Alpha.TEST. ").domain()).isEqualTo("alpha.test");
    }

    @Test
    void httpSrvAfterHttpsIsMissing() {
        Peer peer = discovery.find("beta.test");
        assertThat(peer.url()).isEqualTo(URI.create("http://beta.test:3000"));
        assertThat(peer.trail()).extracting(Attempt::toString)
                .anySatisfy(a -> assertThat(a).contains("_rocketchat._https.beta.test").contains("NXDOMAIN"));
    }

    @Test
    void legacyTcpWithoutProtocolRecordMeansHttps() {
        assertThat(discovery.find("gamma.test").url()).isEqualTo(URI.create("https://gamma.test:443"));
    }

    @Test
    void legacyTcpReadsTheProtocolTxtAsTxt() {
        // Rocket.Chat queried this TXT with the SRV resolver and so always used https
        assertThat(discovery.find("delta.test").url()).isEqualTo(URI.create("http://delta.test:8080"));
    }

    @Test
    void aProtocolTxtOtherThanHttpOrHttpsIsAClearError() {
        assertThatThrownBy(() -> discovery.find("epsilon.test"))
                .isInstanceOfSatisfying(PeerNotFoundException.class, e -> {
                    assertThat(e.problem()).isEqualTo(PeerNotFoundException.Problem.MISCONFIGURED);
                    assertThat(e.getMessage()).contains("rocketchat-tcp-protocol.epsilon.test").contains("'ftp'")
                            .contains("must be http or https");
                });
    }

    @Test
    void aKeySplitAcrossRecordsIsNamedAsSuch() {
        assertThatThrownBy(() -> discovery.find("split.test"))
                .isInstanceOfSatisfying(PeerNotFoundException.class, e -> {
                    assertThat(e.problem()).isEqualTo(PeerNotFoundException.Problem.MISCONFIGURED);
                    assertThat(e.getMessage()).contains("3 TXT records").contains("split across records")
                            .contains("ONE record").contains("#14831");
                });
    }

    @Test
    void aTxtThatIsNotAKeyIsSaidToBeNotAKey() {
        assertThatThrownBy(() -> discovery.find("garbled.test"))
                .isInstanceOfSatisfying(PeerNotFoundException.class, e ->
                        assertThat(e.getMessage()).contains("rocketchat-public-key.garbled.test").contains("not an RSA public key"));
    }

    @Test
    void aMissingKeyListsEveryStepAndTheMissingHub() {
        assertThatThrownBy(() -> discovery.find("keyless.test"))
                .isInstanceOfSatisfying(PeerNotFoundException.class, e -> {
                    assertThat(e.problem()).isEqualTo(PeerNotFoundException.Problem.NOT_PUBLISHED);
                    assertThat(e.attempts()).extracting(Attempt::step).containsExactly(
                            "SRV _rocketchat._https.keyless.test (the DNS server " + dns.hostPort() + ")",
                            "TXT rocketchat-public-key.keyless.test (the DNS server " + dns.hostPort() + ")",
                            "hub");
                    assertThat(e.getMessage()).startsWith("Could not find the peer keyless.test using DNS or the hub")
                            .contains("FEDERATION_Hub_URL is empty");
                });
    }

    @Test
    void anUnknownDomainTriesAllThreeServiceNamesInOrder() {
        assertThatThrownBy(() -> discovery.find("nowhere.test"))
                .isInstanceOfSatisfying(PeerNotFoundException.class, e -> {
                    assertThat(e.problem()).isEqualTo(PeerNotFoundException.Problem.NOT_PUBLISHED);
                    assertThat(e.attempts()).extracting(Attempt::step).map(s -> s.startsWith("SRV ") ? s.split(" ")[1] : s).containsExactly(
                            "_rocketchat._https.nowhere.test", "_rocketchat._http.nowhere.test",
                            "_rocketchat._tcp.nowhere.test", "hub");
                });
    }

    @Test
    void theLowestPriorityNumberWins() {
        for (int i = 0; i < 20; i++) {
            assertThat(discovery.find("prio.test").url().getHost()).isEqualTo("main.prio.test");
        }
    }

    @Test
    void aDotTargetMeansNotOfferedAndTheNextNameIsTried() {
        assertThat(discovery.find("dotted.test").url()).isEqualTo(URI.create("http://dotted.test:80"));
    }

    @Test
    void anInvalidDomainIsRefusedBeforeAnyQuery() {
        assertThatThrownBy(() -> discovery.find("bad_-.exa mple"))
                .isInstanceOfSatisfying(PeerNotFoundException.class, e -> {
                    assertThat(e.attempts()).hasSize(1);
                    assertThat(e.getMessage()).contains("is not usable");
                });
    }

    @Test
    void aResolverThatDoesNotAnswerIsALookupFailureNotAMissingRecord() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            PeerDiscovery mute = new PeerDiscovery(
                    DnsjavaLookup.at(new DnsServerAddress("127.0.0.1", silent.getLocalPort()), Duration.ofMillis(200)),
                    HubFallback.NONE, new SrvSelection(new Random(1)));
            assertThatThrownBy(() -> mute.find("alpha.test"))
                    .isInstanceOfSatisfying(PeerNotFoundException.class, e -> {
                        assertThat(e.problem()).isEqualTo(PeerNotFoundException.Problem.LOOKUP_FAILED);
                        assertThat(e.getMessage()).contains("did not answer in time");
                    });
        }
    }
}
