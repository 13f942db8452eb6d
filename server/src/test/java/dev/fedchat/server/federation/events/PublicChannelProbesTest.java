package dev.fedchat.server.federation.events;

import static dev.fedchat.server.federation.events.Groups.subscribed;
import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.federation.transport.PeerCallException;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.FederatedServers;
import dev.fedchat.server.testing.Json;
import dev.fedchat.server.testing.StateSnapshot;
import dev.fedchat.server.testing.TestServer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a public channel across servers refuses (issue 13 §2), each with alpha's whole state compared
 * before and after: a channel not open to federation (asked by a peer, or by its own owner's
 * invitation of a remote user), a peer asking for a user of another server, and a caller that
 * does not sign. Fresh servers for each probe, so nothing else is on its way while state is compared.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PublicChannelProbesTest {
    private FederatedServers servers;
    private TestServer alpha;
    private TestServer beta;
    private ApiClient alice;
    private ApiClient bob;

    @BeforeEach
    void start() {
        servers = FederatedServers.start("alpha.test", "beta.test");
        alpha = servers.server("alpha.test");
        beta = servers.server("beta.test");
        alice = alpha.newUser("alice");
        bob = beta.newUser("bob");
    }

    @AfterEach
    void stop() {
        servers.close();
    }

    @Test
    void aChannelNotOpen_refusesInWords_andNothingChanges() {
        String roomId = channel("staff-only");
        StateSnapshot before = StateSnapshot.of(alpha);

        JsonNode refused = bob.post("/api/v1/channels.join", obj("roomName", "staff-only@alpha.test"))
                .expectErrorType("error-federation-peer-refused");
        assertThat(refused.path("error").asText()).contains("not open to users of other servers");
        JsonNode invited = alice.post("/api/v1/channels.invite", obj("roomId", roomId, "username", "bob@beta.test"))
                .expectErrorType("error-federation-public-channel");
        assertThat(invited.path("error").asText()).contains("open it to federation");

        assertThat(StateSnapshot.of(alpha)).isEqualTo(before);
        assertThat(subscribed(bob, roomId)).isFalse();
    }

    @Test
    void aPeerAskingForAnotherServersUser_orAnUnsignedCaller_isRefused_andNothingChanges() throws Exception {
        String roomId = channel("guarded");
        alice.post("/api/v1/channels.openToFederation", obj("roomId", roomId)).expectOk();
        StateSnapshot before = StateSnapshot.of(alpha);

        Map<String, Object> carol = Map.of("_id", "CarolOfGammaXXXXX", "username", "carol@gamma.test", "name", "Carol",
                "federation", Map.of("origin", "gamma.test"));
        String body = Json.MAPPER.writeValueAsString(Map.of("room", roomId, "user", carol));
        assertThatThrownBy(() -> beta.server().federationClient().post("alpha.test", "federation.channels.join", body))
                .isInstanceOf(PeerCallException.class).hasMessageContaining("only ask for its own users");
        // a caller that does not sign (a stranger, or a Rocket.Chat server) learns nothing
        assertThat(alice.get("/api/v1/federation.channels.search?text=guarded").status()).isEqualTo(403);
        String unknownRoom = Json.MAPPER.writeValueAsString(Map.of("room", "no-such-channel",
                "user", Map.of("_id", bob.userId(), "username", "bob@beta.test", "name", "BOB",
                        "federation", Map.of("origin", "beta.test"))));
        assertThatThrownBy(() -> beta.server().federationClient().post("alpha.test", "federation.channels.join", unknownRoom))
                .isInstanceOf(PeerCallException.class).hasMessageContaining("no public channel");

        assertThat(StateSnapshot.of(alpha)).isEqualTo(before);
    }

    private String channel(String name) {
        return alice.post("/api/v1/channels.create", obj("name", name)).expectOk().path("channel").path("_id").asText();
    }
}
