package dev.fedchat.server.federation.events;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.FederatedServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET federation.events}, the admin's view of a federated room's event graph, on two real
 * servers that found each other through a real dnsmasq: alice on alpha opens a DM with bob on
 * beta and they take turns writing, each waiting for the other's message, so the graph is one
 * chain hanging off the genesis batch.
 */
class EventGraphApiTest {
    private static final String EVENTS = "/api/v1/federation.events?roomId=";
    private static final int MESSAGES = 4;

    private static FederatedServers servers;
    private static ApiClient alphaAdmin;
    private static ApiClient betaAdmin;
    private static String roomId;

    @BeforeAll
    static void start() {
        servers = FederatedServers.start("alpha.test", "beta.test");
        alphaAdmin = servers.server("alpha.test").admin();
        betaAdmin = servers.server("beta.test").admin();
        ApiClient alice = servers.server("alpha.test").newUser("alice");
        ApiClient bob = servers.server("beta.test").newUser("bob");
        roomId = servers.openDirect(alice, "bob@beta.test");
        for (int i = 0; i < MESSAGES; i++) {
            ApiClient writer = i % 2 == 0 ? alice : bob;
            ApiClient reader = i % 2 == 0 ? bob : alice;
            String id = writer.post("/api/v1/chat.postMessage", obj("roomId", roomId, "text", "turn " + i)).expectOk()
                    .path("message").path("_id").asText();
            Awaitility.await("message " + i + " on the other server").atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> reader.get("/api/v1/im.history?roomId=" + roomId).expectOk().path("messages")
                            .findValuesAsText("_id").contains(id));
        }
    }

    @AfterAll
    static void stop() {
        servers.close();
    }

    private static List<JsonNode> events(ApiClient admin) {
        List<JsonNode> all = new ArrayList<>();
        admin.get(EVENTS + roomId + "&count=100").expectOk().path("events").forEach(all::add);
        return all;
    }

    private static Map<String, JsonNode> byId(List<JsonNode> events) {
        Map<String, JsonNode> map = new LinkedHashMap<>();
        events.forEach(e -> map.put(e.path("id").asText(), e));
        return map;
    }

    private static List<String> texts(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(n -> list.add(n.asText()));
        return list;
    }

    @Test
    void bothServersAnswerTheSameGraph() {
        Map<String, JsonNode> onAlpha = byId(events(alphaAdmin));
        Map<String, JsonNode> onBeta = byId(events(betaAdmin));

        assertThat(onAlpha).hasSizeGreaterThan(MESSAGES);
        assertThat(onBeta.keySet()).containsExactlyInAnyOrderElementsOf(onAlpha.keySet());
        onAlpha.forEach((id, node) -> assertThat(onBeta.get(id)).as("event %s on beta", id).isEqualTo(node));
    }

    @Test
    void theParentLinksFormAChainFromTheGenesisBatch() {
        List<JsonNode> events = events(alphaAdmin);
        Map<String, JsonNode> byId = byId(events);

        List<JsonNode> genesis = events.stream().filter(e -> e.path("parentIds").isEmpty()).toList();
        List<JsonNode> chain = events.stream().filter(e -> !e.path("parentIds").isEmpty()).toList();
        assertThat(genesis).as("the genesis batch").isNotEmpty().allSatisfy(e -> assertThat(e.path("leaf").asBoolean()).isFalse());
        assertThat(events.subList(0, genesis.size())).as("genesis comes first in stored order").isEqualTo(genesis);
        assertThat(texts(chain.get(0).path("parentIds"))).as("the first event after genesis hangs off all of it")
                .containsExactlyInAnyOrderElementsOf(genesis.stream().map(e -> e.path("id").asText()).toList());
        for (int i = 1; i < chain.size(); i++) {
            assertThat(texts(chain.get(i).path("parentIds"))).as("parents of event %d", i)
                    .containsExactly(chain.get(i - 1).path("id").asText());
        }
        assertThat(chain.stream().filter(e -> e.path("type").asText().equals("room_message"))).hasSize(MESSAGES);
        assertThat(events.stream().filter(e -> e.path("leaf").asBoolean())).as("the one leaf").containsExactly(chain.get(chain.size() - 1));
        assertThat(byId.values()).allSatisfy(e -> assertThat(e.path("origin").asText()).isIn("alpha.test", "beta.test"));
        assertThat(events.stream().map(e -> e.path("ts").asText()).toList()).as("stored order follows the creators' clocks")
                .isSorted();
    }

    @Test
    void pagesAreSlicesOfTheWholeGraph() {
        List<JsonNode> all = events(alphaAdmin);

        JsonNode page = alphaAdmin.get(EVENTS + roomId + "&count=2&offset=1").expectOk();

        assertThat(page.path("total").asInt()).isEqualTo(all.size());
        assertThat(page.path("count").asInt()).isEqualTo(2);
        assertThat(page.path("offset").asInt()).isEqualTo(1);
        assertThat(List.of(page.path("events").get(0), page.path("events").get(1))).isEqualTo(all.subList(1, 3));
        assertThat(alphaAdmin.get(EVENTS + roomId + "&count=1000").expectOk().path("count").asInt())
                .as("capped at Rocket.Chat's 100, the graph is smaller").isEqualTo(all.size());
    }

    @Test
    void aLocalRoomHasNoEvents() {
        String channel = alphaAdmin.post("/api/v1/channels.create", obj("name", "local-only")).expectOk()
                .path("channel").path("_id").asText();

        JsonNode body = alphaAdmin.get(EVENTS + channel).expectOk();

        assertThat(body.path("events")).isEmpty();
        assertThat(body.path("total").asInt()).isZero();
    }

    @Test
    void anUnknownRoomOrBadPaging_isRefusedWithRocketChatsErrors() {
        assertThat(alphaAdmin.get(EVENTS + "noSuchRoom").expectErrorType("error-invalid-room").path("error").asText())
                .isEqualTo("Invalid room [error-invalid-room]");
        alphaAdmin.get("/api/v1/federation.events").expectErrorType("invalid-params");
        alphaAdmin.get(EVENTS + roomId + "&count=many").expectErrorType("invalid-params");
        alphaAdmin.get(EVENTS + roomId + "&offset=-1").expectErrorType("invalid-params");
    }

    @Test
    void onlyAdminsMaySeeTheGraph() {
        servers.server("alpha.test").client().get(EVENTS + roomId).expectError(401);
        assertThat(servers.server("alpha.test").newUser("carol").get(EVENTS + roomId).expectError(403)
                .path("errorType").asText()).isEqualTo("error-unauthorized");
    }
}
