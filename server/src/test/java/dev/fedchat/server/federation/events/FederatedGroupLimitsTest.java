package dev.fedchat.server.federation.events;

import static dev.fedchat.server.federation.events.Groups.await;
import static dev.fedchat.server.federation.events.Groups.members;
import static dev.fedchat.server.federation.events.Groups.subscribed;
import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.FederatedServers;
import dev.fedchat.server.testing.TestServer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What cannot be federated is refused with a clear error and changes nothing (issue 4 §4): a
 * public channel with a user of another server (Rocket.Chat answered success, then quietly took
 * the user out again, #17794), and a room beyond {@code FEDERATED_DOMAINS_LENGTH}, here 2. Refused
 * before anyone is looked up, so no user of another server is imported for nothing.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FederatedGroupLimitsTest {
    private static FederatedServers servers;
    private static TestServer alpha;
    private static TestServer gamma;
    private static ApiClient alice;
    private static ApiClient bob;

    @BeforeAll
    static void start() {
        servers = FederatedServers.start(c -> c.withFederatedDomainsLength(2), "alpha.test", "beta.test", "gamma.test");
        alpha = servers.server("alpha.test");
        gamma = servers.server("gamma.test");
        alice = alpha.newUser("alice");
        bob = servers.server("beta.test").newUser("bob");
        gamma.newUser("carol");
    }

    @AfterAll
    static void stop() {
        servers.close();
    }

    private static boolean knownOnAlpha(String username) {
        return alpha.server().users().byUsername(username).isPresent();
    }

    @Test
    void aPublicChannelWithAUserOfAnotherServer_isRefused_andNotCreated() {
        JsonNode refused = alice.post("/api/v1/channels.create", obj("name", "open-square", "members", List.of("carol@gamma.test")))
                .expectErrorType("error-federation-public-channel");

        assertThat(refused.path("error").asText()).startsWith("This public channel is not open to other servers: its owner can open it to federation");
        assertThat(alpha.server().rooms().byName("open-square")).isEmpty();
        assertThat(knownOnAlpha("carol@gamma.test")).isFalse();
    }

    @Test
    void invitingAUserOfAnotherServerIntoAPublicChannel_isRefused_andChangesNothing() {
        String channelId = alice.post("/api/v1/channels.create", obj("name", "town-hall")).expectOk().path("channel").path("_id").asText();

        alice.post("/api/v1/channels.invite", obj("roomId", channelId, "username", "carol@gamma.test"))
                .expectErrorType("error-federation-public-channel");

        assertThat(alice.get("/api/v1/channels.members?roomId=" + channelId).expectOk().path("total").asInt()).isEqualTo(1);
        assertThat(alpha.server().rooms().requireRoom(channelId).federation()).isNull();
        assertThat(knownOnAlpha("carol@gamma.test")).isFalse();
    }

    @Test
    void aGroupBeyondTheDomainLimit_isRefused_andNotCreated() {
        JsonNode refused = alice.post("/api/v1/groups.create", obj("name", "too-wide",
                "members", List.of("bob@beta.test", "carol@gamma.test"))).expectErrorType("error-federation-domains-limit");

        assertThat(refused.path("error").asText()).contains("at most 2 servers (FEDERATED_DOMAINS_LENGTH)").contains("make it 3");
        assertThat(alpha.server().rooms().byName("too-wide")).isEmpty();
        assertThat(knownOnAlpha("carol@gamma.test")).isFalse();
    }

    @Test
    void invitingAThirdServerIntoAGroupAtTheLimit_isRefused_andChangesNothing() {
        String roomId = Groups.create(alice, "pair", "bob@beta.test");
        await("bob subscribed", () -> subscribed(bob, roomId));

        alice.post("/api/v1/groups.invite", obj("roomId", roomId, "username", "carol@gamma.test"))
                .expectErrorType("error-federation-domains-limit");

        assertThat(members(alice, roomId)).containsExactly("alice", "bob@beta.test");
        assertThat(Groups.domains(alpha, roomId)).containsExactly("alpha.test", "beta.test");
        assertThat(knownOnAlpha("carol@gamma.test")).isFalse();
        assertThat(Groups.exists(gamma, roomId)).isFalse();
    }
}
