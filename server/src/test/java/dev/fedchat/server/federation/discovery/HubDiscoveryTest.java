package dev.fedchat.server.federation.discovery;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.fedchat.hub.HubConfig;
import dev.fedchat.hub.HubServer;
import dev.fedchat.hub.MailConfig;
import dev.fedchat.server.federation.settings.FederationSettings;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.FederatedServers;
import dev.fedchat.server.testing.History;
import dev.fedchat.server.testing.TestServer;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 5 §3, end to end with real parts: alpha registers with a real hub, whose mail reaches
 * {@code webmaster@alpha.test} through a real SMTP server (GreenMail); the link is followed and
 * confirmed; beta, for which DNS knows nothing of alpha, then finds alpha through the hub, and the
 * two hold a federated DM. Before the confirmation beta cannot find alpha at all.
 */
class HubDiscoveryTest {
    private static final Pattern LINK = Pattern.compile("https?://\\S+/confirm/\\S+");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @RegisterExtension
    static final GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private final Path hubDir = TestServer.tempDir();
    private HubServer hub;
    private FederatedServers dnsServers;
    private TestServer alpha;

    @AfterEach
    void stop() {
        if (alpha != null) {
            alpha.close();
        }
        if (dnsServers != null) {
            dnsServers.close();
        }
        if (hub != null) {
            hub.close();
        }
        TestServer.deleteRecursively(hubDir);
    }

    @Test
    void aServerConfirmedThroughTheWebmastersMail_isFoundThroughTheHub_andHoldsADm() throws Exception {
        hub = HubServer.start(HubConfig.embedded(hubDir, 0).withHost("127.0.0.1")
                .withMail(MailConfig.smtp("127.0.0.1", mail.getSmtp().getPort(), "hub@hub.test")));
        // beta is published in DNS; alpha is not: only the hub can tell beta where alpha is
        dnsServers = FederatedServers.start("beta.test");
        TestServer beta = dnsServers.server("beta.test");
        beta.server().settings().set(FederationSettings.HUB_URL, TextNode.valueOf(hub.url()));
        int alphaPort = freePort();
        alpha = TestServer.start(c -> c.withPort(alphaPort).withSiteUrl("http://localhost:" + alphaPort)
                .withDnsServer(Optional.of(dnsServers.dns().server()))
                .withSettingOverrides(Map.of(FederationSettings.DOMAIN, "alpha.test", FederationSettings.ENABLED, "true",
                        FederationSettings.DISCOVERY_METHOD, "hub", FederationSettings.HUB_URL, hub.url())));
        Awaitility.await("alpha registered with the hub").atMost(Duration.ofSeconds(20))
                .until(() -> alpha.server().settings().string(FederationSettings.STATUS).equals("Running"));

        ApiClient alice = alpha.newUser("alice");
        ApiClient bob = beta.newUser("bob");
        // registered but not confirmed: the hub does not list alpha, and DNS has no record of it
        assertThat(bob.post("/api/v1/im.create", obj("username", "alice@alpha.test")).expectError(400).path("error").asText())
                .contains("alpha.test");
        JsonNode unconfirmed = alpha.admin().post("/api/v1/federation.testSetup", obj()).expectOk();
        assertThat(unconfirmed.path("passed").asBoolean()).isFalse();
        assertThat(check(unconfirmed, "Hub listing").path("outcome").asText()).isEqualTo("fail");
        assertThat(check(unconfirmed, "Hub listing").path("fix").asText()).contains("webmaster@alpha.test");

        MimeMessage sent = awaitOneMail();
        assertThat(sent.getAllRecipients()[0].toString()).isEqualTo("webmaster@alpha.test");
        URI link = linkIn(sent.getContent().toString());
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(link).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("alpha.test").contains("http://localhost:" + alphaPort);
        HttpResponse<String> confirmed = HTTP.send(HttpRequest.newBuilder(link)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(confirmed.statusCode()).isEqualTo(200);
        // Test setup now passes: peers find alpha through the hub; its missing DNS records are advice
        JsonNode listed = alpha.admin().post("/api/v1/federation.testSetup", obj()).expectOk();
        assertThat(listed.path("passed").asBoolean()).as(listed.path("text").asText()).isTrue();
        assertThat(check(listed, "Hub listing").path("detail").asText()).contains("http://localhost:" + alphaPort);
        assertThat(check(listed, "Key at the hub").path("outcome").asText()).isEqualTo("pass");
        assertThat(check(listed, "Rocket.Chat API at the listed URL").path("outcome").asText()).isEqualTo("pass");
        assertThat(check(listed, "SRV record").path("outcome").asText()).isEqualTo("warn");
        assertThat(check(listed, "SRV record").path("detail").asText()).contains("those with a hub can");

        // beta remembers the failed lookup for a few seconds (PeerCache); a user trying again later would get through
        beta.server().peers().forget("alpha.test");
        String roomId = bob.post("/api/v1/im.create", obj("username", "alice@alpha.test")).expectOk().path("room").path("_id").asText();
        bob.post("/api/v1/chat.postMessage", obj("roomId", roomId, "text", "found you through the hub")).expectOk();
        // alpha learns the room from beta's genesis batch: until then alice is not a member there
        Awaitility.await("bob's message on alpha").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .ignoreExceptions().until(() -> History.texts(alice, "im", roomId).contains("found you through the hub"));
        alice.post("/api/v1/chat.postMessage", obj("roomId", roomId, "text", "and I found you through DNS")).expectOk();
        Awaitility.await("alice's reply on beta").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> History.texts(bob, "im", roomId).contains("and I found you through DNS"));
        assertThat(mail.getReceivedMessages()).hasSize(1);
    }

    /** The Test setup check titled {@code title}. */
    private static JsonNode check(JsonNode testSetup, String title) {
        for (JsonNode c : testSetup.path("checks")) {
            if (c.path("title").asText().equals(title)) {
                return c;
            }
        }
        throw new AssertionError("no check '" + title + "' in " + testSetup.path("text").asText());
    }

    private static MimeMessage awaitOneMail() {
        Awaitility.await("the hub's mail").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> mail.getReceivedMessages().length >= 1);
        return mail.getReceivedMessages()[0];
    }

    private static URI linkIn(String text) {
        Matcher m = LINK.matcher(text);
        assertThat(m.find()).as("a confirmation link in: %s", text).isTrue();
        return URI.create(m.group());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
