package dev.fedchat.protocol.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fedchat.protocol.hub.HubClient;
import dev.fedchat.protocol.hub.HubPeer;
import dev.fedchat.protocol.testing.Dnsmasq;
import dev.fedchat.protocol.testing.StandInHub;
import dev.fedchat.protocol.testing.TestKeys;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** When real DNS has nothing, discovery asks the hub over HTTP (federation-protocol.md §5). */
class HubFallbackDiscoveryTest {
    private static final String KEY = TestKeys.publicPem(TestKeys.generate());
    private Dnsmasq dns;
    private StandInHub hub;
    private PeerDiscovery discovery;

    @BeforeEach
    void start() {
        dns = Dnsmasq.records()
                .srv("_rocketchat._https.both.test", "dns.both.test", 443, 1, 1)
                .txt("rocketchat-public-key.both.test", KEY)
                .start();
        hub = new StandInHub();
        discovery = new PeerDiscovery(DnsjavaLookup.at(dns.server(), Duration.ofSeconds(2)), fallback(), new SrvSelection(new Random(1)));
    }

    /** The stand-in hub as the fallback. */
    private HubFallback fallback() {
        HubClient client = new HubClient(Duration.ofSeconds(2), Duration.ofSeconds(2));
        return new HubFallback() {
            @Override
            public Optional<String> hub() {
                return Optional.of(hub.uri().toString());
            }

            @Override
            public HubPeer find(String domain) {
                return client.lookup(hub.uri(), domain);
            }
        };
    }

    @AfterEach
    void stop() {
        hub.close();
        dns.close();
    }

    @Test
    void nxdomainFallsBackToTheHubsEntry() throws Exception {
        hub.answer(200, new ObjectMapper().writeValueAsString(
                Map.of("success", true, "peer", Map.of("domain", "hubbed.test", "url", "https://chat.hubbed.test/", "public_key", KEY))));

        Peer peer = discovery.find("hubbed.test");

        assertThat(peer.source()).isEqualTo(Peer.Source.HUB);
        assertThat(peer.url()).isEqualTo(URI.create("https://chat.hubbed.test"));
        assertThat(peer.publicKeyPem()).isEqualTo(KEY);
        assertThat(hub.requests()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.path()).isEqualTo("/api/v1/peers?search=hubbed.test");
        });
        assertThat(peer.trail()).extracting(Attempt::step).last().asString().startsWith("hub http://127.0.0.1:");
    }

    @Test
    void dnsAnswersFirstAndTheHubIsNotAsked() {
        assertThat(discovery.find("both.test").source()).isEqualTo(Peer.Source.DNS);
        assertThat(hub.requests()).isEmpty();
    }

    @Test
    void aDomainTheHubDoesNotKnowIsNotPublishedAndSaysWhatTheHubAnswered() {
        hub.answer(404, "{\"success\":false,\"error\":\"not found\"}");

        assertThatThrownBy(() -> discovery.find("unknown.test"))
                .isInstanceOfSatisfying(PeerNotFoundException.class, e -> {
                    assertThat(e.problem()).isEqualTo(PeerNotFoundException.Problem.NOT_PUBLISHED);
                    assertThat(e.attempts()).hasSize(4);
                    assertThat(e.attempts().get(3).outcome()).contains("404");
                });
    }

    @Test
    void aHubThatFailsIsALookupFailure() {
        hub.answer(503, "down for maintenance");

        assertThatThrownBy(() -> discovery.find("unknown.test"))
                .isInstanceOfSatisfying(PeerNotFoundException.class, e -> {
                    assertThat(e.problem()).isEqualTo(PeerNotFoundException.Problem.LOOKUP_FAILED);
                    assertThat(e.getMessage()).contains("503");
                });
    }

    @Test
    void aHubEntryWithAnUnusableKeyIsRefused() throws Exception {
        hub.answer(200, new ObjectMapper().writeValueAsString(
                Map.of("peer", Map.of("url", "https://chat.hubbed.test", "public_key", "not a key"))));

        assertThatThrownBy(() -> discovery.find("hubbed.test"))
                .isInstanceOfSatisfying(PeerNotFoundException.class, e -> {
                    assertThat(e.problem()).isEqualTo(PeerNotFoundException.Problem.MISCONFIGURED);
                    assertThat(e.getMessage()).contains("the hub's entry is unusable");
                });
    }

    @Test
    void aServerThatAsksNoDns_goesStraightToTheHub_andSaysWhyOnce() throws Exception {
        hub.answer(404, "{\"success\":false,\"error\":\"not found\"}");
        PeerDiscovery hubOnly = new PeerDiscovery(new NoDnsLookup("DNS discovery is off on this server"), fallback(),
                new SrvSelection(new Random(1)));

        assertThatThrownBy(() -> hubOnly.find("both.test")) // DNS knows both.test, but is not asked
                .isInstanceOfSatisfying(PeerNotFoundException.class, e -> {
                    assertThat(e.problem()).isEqualTo(PeerNotFoundException.Problem.NOT_PUBLISHED);
                    assertThat(e.attempts()).extracting(Attempt::step).first().isEqualTo("DNS");
                    assertThat(e.attempts()).hasSize(2);
                    assertThat(e.getMessage()).containsOnlyOnce("DNS discovery is off on this server");
                });
        assertThat(hub.requests()).hasSize(1);
    }
}
