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
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The federation settings of the admin console saved in a real browser: alpha, found through real
 * DNS, is moved to a real hub (whose mail reaches a real SMTP server, GreenMail, and whose link the
 * webmaster confirms), to a hub that cannot be reached until it is started, to another domain, and
 * to settings that cannot work; the admin sees each outcome in the status line, in words. Every
 * test starts from alpha as {@link FederatedServers} set it up.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class FederationSettingsInBrowserTest {
    private static final String RUNNING = "Running";
    private static final Pattern LINK = Pattern.compile("https?://\\S+/confirm/\\S+");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

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
        hub = startHub(hubDir, 0);
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
    void movingToAHub_runs_sayingTheWebmasterMustConfirm_andOnceConfirmed_savingAgainSaysItIsListed() throws Exception {
        AdminConsolePage console = openConsole();

        assertThat(console.saveDiscovery("hub", hub.url())).isEqualTo("Saved.");

        // registered, but peers find alpha through the hub only once the webmaster confirmed: the status says so
        assertThat(console.awaitStatus(RUNNING, "webmaster@alpha.test")).startsWith(RUNNING).contains(
                "a confirmation link was mailed to webmaster@alpha.test; the entry is listed once it is confirmed");
        // the webmaster follows the mailed link and confirms; the admin saves again, changing nothing
        confirm(confirmationLink(hub));
        assertThat(console.saveFederation()).isEqualTo("Saved.");
        assertThat(console.awaitStatus(RUNNING, "is listed with")).startsWith(RUNNING).contains("alpha.test is listed with exactly this data");
        assertThat(alpha.server().settings().string(FederationSettings.DISCOVERY_METHOD)).isEqualTo("hub");
    }

    @Test
    void aHubThatCannotBeReached_stopsFederation_sayingWhyInWords_andOnceItRuns_savingAgainRegisters() throws IOException {
        AdminConsolePage console = openConsole();
        int port = closedPort();
        String nowhere = "http://127.0.0.1:" + port;

        assertThat(console.saveDiscovery("hub", nowhere)).isEqualTo("Saved.");

        // the status and its reason are two settings: wait for the reason too
        assertThat(console.awaitStatus("Disabled, could not register with Hub", nowhere))
                .contains("refused").contains(FederationSettings.HUB_URL);
        // the hub is fixed (it runs at that address now), not the settings: saving them as they are retries
        Path fixedDir = TestServer.tempDir();
        try (HubServer fixed = startHub(fixedDir, port)) {
            assertThat(console.saveFederation()).isEqualTo("Saved.");
            assertThat(console.awaitStatus(RUNNING, "webmaster@alpha.test")).contains("a confirmation link was mailed");
        } finally {
            TestServer.deleteRecursively(fixedDir);
        }
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
    void settingsThatCannotWork_areRefusedInWords_andChangeNothing() {
        AdminConsolePage console = openConsole();

        assertThat(console.saveDomain("not a domain")).contains("FEDERATION_Domain 'not a domain' is not usable");
        assertThat(console.saveDomain("alpha.test")).isEqualTo("Saved."); // the admin corrects the typo
        assertThat(console.saveDiscovery("hub", "ftp://hub.test"))
                .contains(FederationSettings.HUB_URL + " 'ftp://hub.test' is not an http(s) URL");

        // the Hub URL is saved before the method, so refusing it left the method as it was too
        SettingsService settings = alpha.server().settings();
        assertThat(settings.string(FederationSettings.DOMAIN)).isEqualTo("alpha.test");
        assertThat(settings.string(FederationSettings.HUB_URL)).isEmpty();
        assertThat(settings.string(FederationSettings.DISCOVERY_METHOD)).isEqualTo("dns");
        assertThat(console.awaitStatus(RUNNING)).isEqualTo(RUNNING);
    }

    private AdminConsolePage openConsole() {
        Browser browser = browsers.start("admin");
        new ChatPage(browser).logIn(alpha.url(), TestServer.ADMIN, TestServer.ADMIN_PASSWORD);
        AdminConsolePage console = AdminConsolePage.open(browser);
        console.awaitStatus(RUNNING);
        return console;
    }

    /** A hub on {@code port} (0: any) of 127.0.0.1 that mails through GreenMail. */
    private static HubServer startHub(Path dir, int port) {
        return HubServer.start(HubConfig.embedded(dir, port).withHost("127.0.0.1")
                .withMail(MailConfig.smtp("127.0.0.1", mail.getSmtp().getPort(), "hub@hub.test")));
    }

    /** The confirmation link {@code from} mailed to webmaster@alpha.test, once the mail is there. */
    private static URI confirmationLink(HubServer from) {
        String port = ":" + URI.create(from.url()).getPort() + "/";
        return Awaitility.await("the mail of the hub " + from.url()).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> Stream.of(mail.getReceivedMessages()).flatMap(m -> link(m, port).stream()).findFirst(), Optional::isPresent)
                .orElseThrow();
    }

    private static Optional<URI> link(MimeMessage mail, String port) {
        try {
            Matcher found = LINK.matcher(mail.getContent().toString());
            return found.find() && found.group().contains(port) ? Optional.of(URI.create(found.group())) : Optional.empty();
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException("an unreadable mail", e);
        }
    }

    /** What the webmaster does on the confirmation page: presses Confirm (a form POST). */
    private static void confirm(URI link) throws IOException, InterruptedException {
        HttpResponse<String> confirmed = HTTP.send(HttpRequest.newBuilder(link)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(confirmed.statusCode()).as("confirming %s: %s", link, confirmed.body()).isEqualTo(200);
    }

    /** A port nothing listens on (it was free a moment ago). */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
