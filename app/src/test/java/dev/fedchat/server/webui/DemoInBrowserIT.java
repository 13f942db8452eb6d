package dev.fedchat.server.webui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedchat.app.FedchatJar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 6 is done when a person can do it all by hand in {@code ./fedchat demo}: this is that
 * person. The real jar runs the demo in its own process (a hub, alpha.localhost and
 * beta.localhost, which find each other through the hub alone), and headless browsers log in as
 * the demo prints: alice and bob chat across the servers with text and a picture, alice makes a
 * group with bob, and alpha's admin sees federation running, beta a healthy peer, Test setup
 * passing through the hub, and why no DNS record is checked.
 *
 * <p>It lives in the web client's test package, beside the page objects it drives (they are
 * package-private in the server's test jar).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DemoInBrowserIT {
    @RegisterExtension
    final Browsers browsers = new Browsers();

    private Path dataDir;
    private Process demo;
    private String alpha;
    private String beta;

    @BeforeEach
    void startDemo() throws IOException {
        dataDir = Files.createTempDirectory("fedchat-demo-browser");
        int port = FedchatJar.freePorts(3); // alpha, beta, the hub
        alpha = "http://localhost:" + port;
        beta = "http://localhost:" + (port + 1);
        Path log = dataDir.resolve("demo.log");
        demo = FedchatJar.launch(List.of("demo", "--port", String.valueOf(port), "--data-dir", dataDir.resolve("data").toString()),
                Map.of(), log);
        Awaitility.await("the demo is running").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    assertThat(demo.isAlive()).as("demo alive; log: %s", Files.readString(log)).isTrue();
                    return Files.readString(log).contains("fedchat demo is running");
                });
    }

    @AfterEach
    void stopDemo() throws Exception {
        if (demo != null) {
            demo.destroy();
            if (!demo.waitFor(20, TimeUnit.SECONDS)) {
                demo.destroyForcibly();
            }
        }
        FedchatJar.deleteTree(dataDir);
    }

    @Test
    void aliceAndBobChatAcrossTheDemosServers_andAlphasAdminSeesFederationWork() throws IOException {
        ChatPage alice = new ChatPage(browsers.start("alice")).logIn(alpha, "alice", "demo-alice");
        ChatPage bob = new ChatPage(browsers.start("bob")).logIn(beta, "bob", "demo-bob");

        // the DM the demo made: the greeting crossed the servers before anyone logged in
        assertThat(alice.roomLabel("bob@beta.localhost", "federated")).contains("direct message");
        alice.openRoom("bob@beta.localhost");
        alice.message("found through the hub");
        alice.send("Hi Bob, typed in a browser on alpha");
        bob.openRoom("alice@alpha.localhost");
        bob.message("Hi Bob, typed in a browser on alpha");
        alice.upload(Pictures.png(dataDir.resolve("harbour.png")));
        bob.loadedImage("harbour.png");
        bob.send("Got the picture, Alice");
        alice.message("Got the picture, Alice");

        // a private group on alpha with bob of beta in it
        alice.createGroup("demo-team", "bob@beta.localhost");
        alice.send("Welcome to the team, Bob");
        bob.openRoom("demo-team@alpha.localhost");
        bob.message("Welcome to the team, Bob");

        Browser adminBrowser = browsers.start("admin");
        new ChatPage(adminBrowser).logIn(alpha, "admin", "demo-admin");
        AdminConsolePage console = AdminConsolePage.open(adminBrowser);
        // the demo confirmed the hub's mail after the registration: the status's reason dates what the hub said then
        assertThat(console.awaitStatus("Running", "when registering, the hub said")).contains("Test setup shows whether");
        assertThat(console.awaitPeer("beta.localhost", "healthy")).contains("beta.localhost");
        // the demo's servers ask no DNS: the records are shown as what a real domain publishes, unchecked, and why
        assertThat(console.recordsNote()).contains("DNS discovery is off on this server");
        assertThat(console.records()).isNotEmpty().allSatisfy(r -> assertThat(r.mark()).isEqualTo("–"));
        // Test setup follows the way peers find alpha: through the hub, which lists it as it is
        List<String> checklist = console.testSetup();
        assertThat(checklist.get(0)).isEqualTo("Peers can find this server.");
        assertThat(checklist).anySatisfy(line -> assertThat(line).startsWith("✓").contains("Hub listing"))
                .anySatisfy(line -> assertThat(line).startsWith("✓").contains("Key at the hub"))
                .anySatisfy(line -> assertThat(line).startsWith("✓").contains("Rocket.Chat API at the listed URL"));
    }
}
