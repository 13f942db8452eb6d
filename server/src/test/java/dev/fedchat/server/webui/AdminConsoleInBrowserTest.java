package dev.fedchat.server.webui;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.FederatedServers;
import dev.fedchat.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 6's admin console in a real browser, on two servers that find each other through real DNS
 * ({@link FederatedServers}): alpha's admin sees federation running, the records alpha needs with
 * their check marks, and beta as a healthy peer once alice of alpha wrote to bob of beta.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class AdminConsoleInBrowserTest {
    private static FederatedServers servers;
    private static TestServer alpha;

    @RegisterExtension
    final Browsers browsers = new Browsers();

    @BeforeAll
    static void start() {
        servers = FederatedServers.start("alpha.test", "beta.test");
        alpha = servers.server("alpha.test");
        alpha.newUser("alice");
        servers.server("beta.test").newUser("bob");
    }

    @AfterAll
    static void stop() {
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    void alphasAdmin_seesFederationRunning_theRecordsChecked_andBetaAsAHealthyPeer() {
        // a DM from alice to bob: alpha delivers to beta, which makes beta a peer
        ApiClient alice = alpha.client().login("alice", "alice-pass");
        String roomId = alice.post("/api/v1/im.create", obj("username", "bob@beta.test")).expectOk().path("room").path("_id").asText();
        alice.post("/api/v1/chat.postMessage", obj("roomId", roomId, "text", "hello bob")).expectOk();

        Browser browser = browsers.start("admin");
        new ChatPage(browser).logIn(alpha.url(), TestServer.ADMIN, TestServer.ADMIN_PASSWORD);
        assertThat(AdminConsolePage.entryShown(browser)).isTrue();
        AdminConsolePage console = AdminConsolePage.open(browser);

        assertThat(console.awaitStatus("Running")).isEqualTo("Running");
        assertThat(console.publicKey()).isEqualTo(alpha.server().keys().publicPem());
        assertThat(console.copyKey()).isEqualTo("Copied.");

        // FederatedServers publishes the SRV and the key TXT; the legacy _tcp pair is optional and not there
        assertThat(console.records()).extracting(AdminConsolePage.Record::name, AdminConsolePage.Record::mark).containsExactly(
                tuple("_rocketchat._http.alpha.test", "✓"),
                tuple("rocketchat-public-key.alpha.test", "✓"),
                tuple("_rocketchat._tcp.alpha.test", "✗"),
                tuple("rocketchat-tcp-protocol.alpha.test", "✗"));
        assertThat(console.records().get(2).detail()).contains("optional");

        // the doctor's checklist for alpha.test: every check passes (a missing legacy pair is no failure)
        List<String> checklist = console.testSetup();
        assertThat(checklist.get(0)).isEqualTo("Peers can find this server.");
        assertThat(checklist.subList(1, checklist.size())).isNotEmpty().allSatisfy(line -> assertThat(line).startsWith("✓"));
        assertThat(checklist).anySatisfy(line -> assertThat(line).contains("Public key TXT"));

        assertThat(console.awaitPeer("beta.test", "healthy")).contains("beta.test").contains("Retry now");
        assertThat(console.retry("beta.test")).isEqualTo("Sending what waits for beta.test now.");
        assertThat(console.awaitPeer("beta.test", "healthy")).doesNotContain("Send refused events again");

        // the DM's event graph: alpha's events, the first without parents, the last a leaf
        List<String> events = console.events(roomId);
        assertThat(events).allSatisfy(line -> assertThat(line).contains("from alpha.test"));
        assertThat(events.get(0)).contains("parents: none");
        assertThat(events.get(events.size() - 1)).contains("leaf");
        assertDrawnAsTheApiSays(console, roomId);
        // the user list: alpha's users, and bob, whom alpha knows from the DM, as beta's
        List<String> users = console.usersOnceListing("alice");
        assertThat(users).anySatisfy(row -> assertThat(row).startsWith("admin").contains("this server").contains("admin"));
        assertThat(users).anySatisfy(row -> assertThat(row).startsWith("bob@beta.test").contains("federated").contains("beta.test"));
        assertThat(console.siteUrl()).isEqualTo("http://localhost:" + alpha.server().port()); // as FederatedServers set it
    }

    /**
     * The drawing shows what {@code federation.events} answers: every event a box, every parent link
     * an arrow from the parent to the child, each child below its parents, the leaves marked.
     */
    private static void assertDrawnAsTheApiSays(AdminConsolePage console, String roomId) {
        JsonNode answer = alpha.admin().get("/api/v1/federation.events?count=100&roomId=" + roomId).expectOk();
        List<String> ids = new ArrayList<>();
        List<String> leaves = new ArrayList<>();
        List<AdminConsolePage.Link> links = new ArrayList<>();
        for (JsonNode event : answer.path("events")) {
            String id = event.path("id").asText();
            ids.add(id);
            if (event.path("leaf").asBoolean()) {
                leaves.add(id);
            }
            event.path("parentIds").forEach(parent -> links.add(new AdminConsolePage.Link(parent.asText(), id)));
        }
        assertThat(links).as("a DM has parent links to draw").isNotEmpty();

        AdminConsolePage.Drawing drawing = console.drawing();
        assertThat(drawing.nodes()).extracting(AdminConsolePage.Node::eventId).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(drawing.links()).containsExactlyInAnyOrderElementsOf(links);
        Map<String, Integer> tops = drawing.nodes().stream()
                .collect(Collectors.toMap(AdminConsolePage.Node::eventId, AdminConsolePage.Node::top));
        assertThat(drawing.links()).allSatisfy(link ->
                assertThat(tops.get(link.to())).as("child %s below parent %s", link.to(), link.from()).isGreaterThan(tops.get(link.from())));
        assertThat(drawing.nodes()).filteredOn(AdminConsolePage.Node::leafMarked).extracting(AdminConsolePage.Node::eventId)
                .containsExactlyInAnyOrderElementsOf(leaves);
        assertThat(drawing.label()).isEqualTo("Event graph: " + ids.size() + " events, " + links.size() + " links");

        // a click on a box shows that event's details, its full id among them
        String leaf = leaves.get(0);
        assertThat(console.pickInDrawing(leaf)).contains(leaf).contains("leaf").contains("from alpha.test");
    }

    @Test
    void savingEnabled_movesTheShownStatus() {
        Browser browser = browsers.start("admin");
        new ChatPage(browser).logIn(alpha.url(), TestServer.ADMIN, TestServer.ADMIN_PASSWORD);
        AdminConsolePage console = AdminConsolePage.open(browser);
        console.awaitStatus("Running");

        assertThat(console.saveEnabled(false)).isEqualTo("Saved.");
        console.awaitStatus("Disabled");
        assertThat(console.saveEnabled(true)).isEqualTo("Saved.");
        assertThat(console.awaitStatus("Running")).isEqualTo("Running");
    }

    @Test
    void aUserWhoIsNotAnAdmin_seesNoAdministrationEntry() {
        Browser browser = browsers.start("alice");
        new ChatPage(browser).logIn(alpha.url(), "alice", "alice-pass");

        assertThat(AdminConsolePage.entryShown(browser)).isFalse();
    }
}
