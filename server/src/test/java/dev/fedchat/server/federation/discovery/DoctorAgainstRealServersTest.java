package dev.fedchat.server.federation.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.fedchat.protocol.discovery.DnsServerAddress;
import dev.fedchat.protocol.discovery.DnsjavaLookup;
import dev.fedchat.protocol.doctor.Check;
import dev.fedchat.protocol.doctor.Checklist;
import dev.fedchat.protocol.doctor.Expectations;
import dev.fedchat.protocol.doctor.SetupDoctor;
import dev.fedchat.protocol.testing.Dnsmasq;
import dev.fedchat.protocol.testing.TestKeys;
import dev.fedchat.server.testing.TestServer;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The doctor as a peer's operator runs it: real DNS (dnsmasq) describing a real fedchat server,
 * a Rocket.Chat-like server without {@code federation.publicKey}, a closed port, and the usual
 * mistakes. Each domain below is one case.
 */
class DoctorAgainstRealServersTest {
    private static final String OTHER_KEY = TestKeys.publicPem(TestKeys.generate());
    private static TestServer fedchat;
    private static HttpServer rocketChatLike;
    private static int closedPort;
    private static Dnsmasq dns;
    private static SetupDoctor doctor;

    @BeforeAll
    static void start() throws Exception {
        fedchat = TestServer.start();
        String key = fedchat.server().keys().publicPem();
        int port = fedchat.server().port();
        rocketChatLike = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        rocketChatLike.createContext("/api/info", exchange -> {
            byte[] body = "{\"version\":\"6.5.0\",\"success\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        rocketChatLike.start();
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        dns = Dnsmasq.records()
                .address("onlydns.test", "127.0.0.1")
                .srv("_rocketchat._http.good.test", "localhost", port, 1, 1)
                .txt("rocketchat-public-key.good.test", TestKeys.pieces(key, 200))
                .srv("_rocketchat._http.stale.test", "localhost", port, 1, 1)
                .txt("rocketchat-public-key.stale.test", OTHER_KEY)
                .srv("_rocketchat._http.split.test", "localhost", port, 1, 1)
                .txt("rocketchat-public-key.split.test", key.substring(0, 200))
                .txt("rocketchat-public-key.split.test", key.substring(200))
                .srv("_rocketchat._http.closed.test", "localhost", closedPort, 1, 1)
                .txt("rocketchat-public-key.closed.test", key)
                .srv("_rocketchat._http.legacy.test", "localhost", port, 1, 1)
                .srv("_rocketchat._tcp.legacy.test", "localhost", closedPort, 1, 1)
                .txt("rocketchat-tcp-protocol.legacy.test", "http")
                .txt("rocketchat-public-key.legacy.test", key)
                .srv("_rocketchat._http.rc.test", "localhost", rocketChatLike.getAddress().getPort(), 1, 1)
                .txt("rocketchat-public-key.rc.test", OTHER_KEY)
                .srv("_rocketchat._tcp.legacyonly.test", "localhost", port, 1, 1)
                .txt("rocketchat-tcp-protocol.legacyonly.test", "http")
                .txt("rocketchat-public-key.legacyonly.test", key)
                .srv("_rocketchat._tcp.badproto.test", "localhost", port, 1, 1)
                .txt("rocketchat-tcp-protocol.badproto.test", "ftp")
                .txt("rocketchat-public-key.badproto.test", key)
                .srv("_rocketchat._http.garbled.test", "localhost", port, 1, 1)
                .txt("rocketchat-public-key.garbled.test", "v=spf1 -all")
                .srv("_rocketchat._http.onlydns.test", "onlydns.test", port, 1, 1)
                .txt("rocketchat-public-key.onlydns.test", key)
                .start();
        doctor = new SetupDoctor(DnsjavaLookup.at(dns.server(), Duration.ofSeconds(2)), Duration.ofSeconds(2));
    }

    @AfterAll
    static void stop() {
        dns.close();
        rocketChatLike.stop(0);
        fedchat.close();
    }

    private static Checklist examine(String domain) {
        return doctor.examine(domain, Expectations.none());
    }

    private static Check check(Checklist list, String title) {
        return list.checks().stream().filter(c -> c.title().equals(title)).findFirst().orElseThrow();
    }

    @Test
    void aCorrectSetUpPassesEveryCheck() {
        Checklist list = examine("good.test");

        assertThat(list.checks()).extracting(Check::title).containsExactly("SRV record", "Legacy records",
                "Target address", "Port", "Rocket.Chat API", "Public key TXT", "Published key is the server's");
        assertThat(list.checks()).extracting(Check::outcome).containsOnly(Check.Outcome.PASS);
        assertThat(list.passed()).isTrue();
        assertThat(check(list, "SRV record").detail()).contains("_rocketchat._http.good.test → 1 1 " + fedchat.server().port() + " localhost.");
        assertThat(check(list, "Public key TXT").detail()).contains("in " + TestKeys.pieces(fedchat.server().keys().publicPem(), 200).length + " string(s) of one record");
        assertThat(list.render()).contains("[PASS] Published key is the server's").endsWith("All checks passed.\n");
    }

    @Test
    void aStaleKeyInDnsIsCaughtAndTheFixIsTheRecordWithTheServersKey() {
        Checklist list = examine("stale.test");
        Check match = check(list, "Published key is the server's");

        assertThat(match.outcome()).isEqualTo(Check.Outcome.FAIL);
        assertThat(match.detail()).contains("DNS publishes SHA256:").contains(" holds SHA256:");
        String key = fedchat.server().keys().publicPem();
        assertThat(match.fix()).startsWith("publish rocketchat-public-key.stale.test. 300 IN TXT \"" + key.substring(0, 255) + "\" \"");
        assertThat(list.passed()).isFalse();
    }

    @Test
    void aKeySplitAcrossRecordsIsNamedWithTheRocketChatIssue() {
        Check key = check(examine("split.test"), "Public key TXT");

        assertThat(key.outcome()).isEqualTo(Check.Outcome.FAIL);
        assertThat(key.detail()).contains("2 TXT records").contains("split across records").contains("#14831");
        assertThat(key.fix()).contains("ONE TXT record");
    }

    @Test
    void aClosedPortFailsThePortAndTheApiChecks() {
        Checklist list = examine("closed.test");

        assertThat(check(list, "Target address").outcome()).isEqualTo(Check.Outcome.PASS);
        assertThat(check(list, "Port").outcome()).isEqualTo(Check.Outcome.FAIL);
        assertThat(check(list, "Port").detail()).contains(":" + closedPort).contains("refused");
        assertThat(check(list, "Port").fix()).contains("open port " + closedPort);
        assertThat(check(list, "Rocket.Chat API").outcome()).isEqualTo(Check.Outcome.FAIL);
    }

    @Test
    void legacyRecordsThatPointElsewhereAreReported() {
        Check legacy = check(examine("legacy.test"), "Legacy records");

        assertThat(legacy.outcome()).isEqualTo(Check.Outcome.FAIL);
        assertThat(legacy.detail()).contains("_rocketchat._tcp.legacy.test").contains("would call another server");
        assertThat(legacy.fix()).contains("_rocketchat._tcp.legacy.test. 300 IN SRV 1 1 " + fedchat.server().port() + " localhost.");
    }

    @Test
    void onlyTheLegacyPairPublishedStillWorksAndTheProtocolTxtIsRead() {
        Checklist list = examine("legacyonly.test");

        assertThat(check(list, "SRV record").detail()).contains("_rocketchat._tcp.legacyonly.test")
                .contains("the legacy name, read as http");
        assertThat(check(list, "Legacy records").detail()).contains("read as http");
        assertThat(list.checks()).extracting(Check::outcome).containsOnly(Check.Outcome.PASS);
    }

    @Test
    void aProtocolTxtOtherThanHttpOrHttpsFailsWithTheRecordToPublish() {
        Check legacy = check(examine("badproto.test"), "Legacy records");

        assertThat(legacy.outcome()).isEqualTo(Check.Outcome.FAIL);
        assertThat(legacy.detail()).contains("says \"ftp\"; it must be http or https");
        assertThat(legacy.fix()).startsWith("publish rocketchat-tcp-protocol.badproto.test. 300 IN TXT \"https\" (or \"http\"");
    }

    @Test
    void aKeyTxtThatIsNotAKeyFailsAndThereIsNothingToCompare() {
        Checklist list = examine("garbled.test");

        assertThat(check(list, "Public key TXT").outcome()).isEqualTo(Check.Outcome.FAIL);
        assertThat(check(list, "Public key TXT").detail()).contains("is not an RSA public key");
        assertThat(check(list, "Published key is the server's").outcome()).isEqualTo(Check.Outcome.SKIP);
    }

    @Test
    void aRocketChatPeerWithoutThePublicKeyEndpointCannotBeCompared() {
        Checklist list = examine("rc.test");

        assertThat(check(list, "Rocket.Chat API").detail()).contains("version 6.5.0");
        Check match = check(list, "Published key is the server's");
        assertThat(match.outcome()).isEqualTo(Check.Outcome.SKIP);
        assertThat(match.detail()).contains("comparison was not possible");
        assertThat(list.passed()).isTrue();
    }

    @Test
    void aTargetOnlyTheConfiguredDnsKnowsIsCalledByItsAddress() {
        Checklist list = examine("onlydns.test");

        assertThat(check(list, "Target address").detail()).isEqualTo("onlydns.test → 127.0.0.1");
        assertThat(check(list, "Rocket.Chat API").outcome()).isEqualTo(Check.Outcome.PASS);
        assertThat(check(list, "Published key is the server's").outcome()).isEqualTo(Check.Outcome.PASS);
    }

    @Test
    void nothingPublishedFailsTheRecordChecksAndSkipsTheNetwork() {
        Checklist list = examine("nothing.test");

        assertThat(list.checks()).extracting(Check::outcome).containsExactly(Check.Outcome.FAIL, Check.Outcome.PASS,
                Check.Outcome.SKIP, Check.Outcome.SKIP, Check.Outcome.SKIP, Check.Outcome.FAIL, Check.Outcome.SKIP);
        assertThat(check(list, "SRV record").fix()).isEqualTo(
                "publish _rocketchat._https.nothing.test. 300 IN SRV 1 1 443 <the chat server's host name>.");
        assertThat(list.render()).endsWith("2 of 7 checks failed.\n");
    }

    @Test
    void aResolverThatDoesNotAnswerIsSaidSo() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            SetupDoctor mute = new SetupDoctor(DnsjavaLookup.at(new DnsServerAddress("127.0.0.1", silent.getLocalPort()),
                    Duration.ofMillis(200)), Duration.ofSeconds(1));
            Check srv = check(mute.examine("good.test", Expectations.none()), "SRV record");
            assertThat(srv.outcome()).isEqualTo(Check.Outcome.FAIL);
            assertThat(srv.detail()).contains("did not answer in time");
            assertThat(srv.fix()).startsWith("make sure the DNS server answers");
        }
    }

    @Test
    void anInvalidDomainIsOneFailedCheck() {
        Checklist list = examine("not a domain");
        assertThat(list.checks()).singleElement().satisfies(c -> {
            assertThat(c.outcome()).isEqualTo(Check.Outcome.FAIL);
            assertThat(c.detail()).contains("not usable");
        });
        assertThat(list.passed()).isFalse();
    }
}
