package dev.fedchat.server.webui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.node.TextNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.fedchat.hub.HubConfig;
import dev.fedchat.hub.HubServer;
import dev.fedchat.hub.MailConfig;
import dev.fedchat.server.federation.settings.FederationSettings;
import dev.fedchat.server.settings.SettingsService;
import dev.fedchat.server.testing.FederatedServers;
import dev.fedchat.server.testing.TestServer;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The federation settings of the admin console saved in a real browser: alpha, found through real
 * DNS, is moved to a real hub (whose mail reaches a real SMTP server, GreenMail), to a hub that
 * cannot be reached, to another domain, and to settings that cannot work; the admin sees each
 * outcome in the status line, in words. Every test starts from alpha as {@link FederatedServers}
 * set it up.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class FederationSettingsInBrowserTest {
    private static final String RUNNING = "Running";

    @RegisterExtension
    static final GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(false);

    private static Path hubDir;
    private static HubServer hub;
    private static FederatedServers servers;
    private static TestServer alpha;

    @RegisterExtension
    final Browsers browsers = new Browsers();

    @BeforeAll
    static void start() {
        hubDir = TestServer.tempDir();
        hub = HubServer.start(HubConfig.embedded(hubDir, 0).withHost("127.0.0.1")
                .withMail(MailConfig.smtp("127.0.0.1", mail.getSmtp().getPort(), "hub@hub.test")));
        servers = FederatedServers.start("alpha.test");
        alpha = servers.server("alpha.test");
    }

    @AfterAll
    static void stop() {
        if (servers != null) {
            servers.close();
        }
        if (hub != null) {
            hub.close();
        }
        TestServer.deleteRecursively(hubDir);
    }

    /** Found through DNS as alpha.test, running: what the tests before may have changed is put back. */
    @BeforeEach
    void runningThroughDns() {
        SettingsService settings = alpha.server().settings();
        settings.set(FederationSettings.DISCOVERY_METHOD, TextNode.valueOf("dns"));
        settings.set(FederationSettings.HUB_URL, TextNode.valueOf(""));
        settings.set(FederationSettings.DOMAIN, TextNode.valueOf("alpha.test"));
        Awaitility.await("alpha running").atMost(Duration.ofSeconds(10))
                .until(() -> settings.string(FederationSettings.STATUS).equals(RUNNING));
    }

    @Test
    void movingToAHub_registersThere_andTheWebmasterGetsTheConfirmationMail() throws Exception {
        AdminConsolePage console = openConsole();

        assertThat(console.saveDiscovery("hub", hub.url())).isEqualTo("Saved.");

        MimeMessage sent = awaitOneMail();
        assertThat(sent.getAllRecipients()[0].toString()).isEqualTo("webmaster@alpha.test");
        assertThat(sent.getContent().toString()).contains("alpha.test").contains("/confirm/");
        assertThat(console.awaitStatus(RUNNING)).isEqualTo(RUNNING);
        assertThat(alpha.server().settings().string(FederationSettings.DISCOVERY_METHOD)).isEqualTo("hub");
    }

    @Test
    void aHubThatCannotBeReached_stopsFederation_andTheStatusSaysWhyInWords() throws IOException {
        AdminConsolePage console = openConsole();
        String nowhere = "http://127.0.0.1:" + closedPort();

        assertThat(console.saveDiscovery("hub", nowhere)).isEqualTo("Saved.");

        assertThat(console.awaitStatus("Disabled, could not register with Hub"))
                .contains(nowhere).contains("refused").contains(FederationSettings.HUB_URL);
    }

    @Test
    void anotherDomain_isTheOneTheRecordsAreShownFor() {
        AdminConsolePage console = openConsole();

        assertThat(console.saveDomain("gamma.test")).isEqualTo("Saved.");

        // gamma.test is in no DNS: the records alpha would need there, none published yet
        assertThat(console.checkRecordsAgain("gamma.test")).extracting(AdminConsolePage.Record::name, AdminConsolePage.Record::mark)
                .containsExactly(
                        tuple("_rocketchat._http.gamma.test", "✗"),
                        tuple("rocketchat-public-key.gamma.test", "✗"),
                        tuple("_rocketchat._tcp.gamma.test", "✗"),
                        tuple("rocketchat-tcp-protocol.gamma.test", "✗"));
        assertThat(console.awaitStatus(RUNNING)).isEqualTo(RUNNING);
        assertThat(alpha.server().settings().string(FederationSettings.DOMAIN)).isEqualTo("gamma.test");
    }

    @Test
    void settingsThatCannotWork_stopFederation_andTheStatusSaysWhichInWords() {
        AdminConsolePage console = openConsole();

        assertThat(console.saveDomain("not a domain")).isEqualTo("Saved.");
        assertThat(console.awaitStatus("Could not enable, settings are not fully set"))
                .contains(FederationSettings.DOMAIN).contains("not a domain");

        assertThat(console.saveDomain("alpha.test")).isEqualTo("Saved.");
        assertThat(console.awaitStatus(RUNNING)).isEqualTo(RUNNING);

        assertThat(console.saveDiscovery("hub", "ftp://hub.test")).isEqualTo("Saved.");
        assertThat(console.awaitStatus("Could not enable, settings are not fully set"))
                .contains(FederationSettings.HUB_URL).contains("ftp://hub.test").contains("not an http(s) URL");
    }

    private AdminConsolePage openConsole() {
        Browser browser = browsers.start("admin");
        new ChatPage(browser).logIn(alpha.url(), TestServer.ADMIN, TestServer.ADMIN_PASSWORD);
        AdminConsolePage console = AdminConsolePage.open(browser);
        console.awaitStatus(RUNNING);
        return console;
    }

    private static MimeMessage awaitOneMail() {
        Awaitility.await("the hub's mail").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> mail.getReceivedMessages().length >= 1);
        return mail.getReceivedMessages()[0];
    }

    /** A port nothing listens on (it was free a moment ago). */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
