package dev.fedchat.server.federation.events;

import static dev.fedchat.server.federation.events.Groups.await;
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
 * Public channels across servers (issue 13 §2): an owner opens a channel to federation, users of
 * other fedchat servers find it in the directory ({@code workspace=external}) and join it by name or
 * by the listed id, and it then behaves as a federated room; closed, it keeps who joined and takes
 * no new server. The refusals, with the state compared, are in {@link PublicChannelProbesTest}.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FederatedPublicChannelTest {
    private static FederatedServers servers;
    private static TestServer alpha;
    private static TestServer beta;
    private static ApiClient alice;
    private static ApiClient bob;
    private static ApiClient carol;

    @BeforeAll
    static void start() {
        servers = FederatedServers.start("alpha.test", "beta.test", "gamma.test");
        alpha = servers.server("alpha.test");
        beta = servers.server("beta.test");
        alice = alpha.newUser("alice");
        bob = beta.newUser("bob");
        carol = servers.server("gamma.test").newUser("carol");
    }

    @AfterAll
    static void stop() {
        servers.close();
    }

    @Test
    void anOpenChannel_isFoundAndJoinedFromOtherServers_andBehavesAsAFederatedRoom() {
        String roomId = channel("town-hall");
        JsonNode opened = alice.post("/api/v1/channels.openToFederation", obj("roomId", roomId)).expectOk();
        assertThat(opened.path("openToFederation").asBoolean()).isTrue();

        JsonNode listed = bob.get("/api/v1/directory?type=channels&workspace=external&text=town@alpha.test").expectOk()
                .path("result");
        assertThat(listed.findValuesAsText("_id")).containsExactly(roomId);
        assertThat(listed.path(0).path("name").asText()).isEqualTo("town-hall@alpha.test");
        assertThat(listed.path(0).path("federation").path("origin").asText()).isEqualTo("alpha.test");

        JsonNode joined = bob.post("/api/v1/channels.join", obj("roomName", "town-hall@alpha.test")).expectOk();
        assertThat(joined.path("channel").path("_id").asText()).isEqualTo(roomId);
        await("bob subscribed on beta", () -> subscribed(bob, roomId));
        assertThat(Groups.subscription(bob, roomId).path("t").asText()).isEqualTo("c");

        // carol joins by the id her directory listed, as Rocket.Chat's clients do
        carol.get("/api/v1/directory?type=channels&workspace=external&text=@alpha.test").expectOk();
        carol.post("/api/v1/channels.join", obj("roomId", roomId)).expectOk();
        await("carol subscribed on gamma", () -> subscribed(carol, roomId));
        await("three members on alpha", () -> members(alice, roomId).size() == 3);
        assertThat(members(alice, roomId)).containsExactly("alice", "bob@beta.test", "carol@gamma.test");

        String fromBeta = post(bob, roomId, "hello from beta");
        String fromGamma = post(carol, roomId, "hello from gamma");
        for (ApiClient reader : List.of(alice, bob, carol)) {
            await("both messages on " + reader.baseUrl(), () -> messageIds(reader, roomId).containsAll(List.of(fromBeta, fromGamma)));
        }
        // a second user of beta joins through the copy beta holds: asked of the origin
        ApiClient dave = beta.newUser("dave");
        dave.post("/api/v1/channels.join", obj("roomId", roomId)).expectOk();
        await("dave subscribed on beta", () -> subscribed(dave, roomId));
        await("dave a member on alpha", () -> members(alice, roomId).contains("dave@beta.test"));
    }

    @Test
    void closingAChannel_keepsWhoJoined_butTakesNoNewServer() {
        String roomId = channel("pop-up");
        alice.post("/api/v1/channels.openToFederation", obj("roomId", roomId)).expectOk();
        bob.post("/api/v1/channels.join", obj("roomName", "pop-up@alpha.test")).expectOk();
        await("bob subscribed", () -> subscribed(bob, roomId));

        alice.post("/api/v1/channels.openToFederation", obj("roomId", roomId, "open", false)).expectOk();
        carol.post("/api/v1/channels.join", obj("roomName", "pop-up@alpha.test")).expectErrorType("error-federation-peer-refused");
        assertThat(members(alice, roomId)).containsExactly("alice", "bob@beta.test");
        // only an owner opens or closes
        bob.post("/api/v1/channels.openToFederation", obj("roomId", roomId)).expectErrorType("error-federation-not-origin");
    }

    private static List<String> messageIds(ApiClient reader, String roomId) {
        List<String> ids = new java.util.ArrayList<>();
        reader.get("/api/v1/channels.history?roomId=" + roomId + "&count=100").expectOk().path("messages")
                .forEach(m -> ids.add(m.path("_id").asText()));
        return ids;
    }

    private static List<String> members(ApiClient reader, String roomId) {
        return reader.get("/api/v1/channels.members?roomId=" + roomId).expectOk().path("members").findValuesAsText("username")
                .stream().sorted().toList();
    }

    private static String post(ApiClient author, String roomId, String text) {
        return author.post("/api/v1/chat.postMessage", obj("roomId", roomId, "text", text)).expectOk()
                .path("message").path("_id").asText();
    }

    private static String channel(String name) {
        return alice.post("/api/v1/channels.create", obj("name", name)).expectOk().path("channel").path("_id").asText();
    }
}
