package dev.fedchat.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.fedchat.protocol.crypto.KeyFingerprint;
import dev.fedchat.protocol.hub.HubClient;
import dev.fedchat.protocol.hub.HubException;
import dev.fedchat.protocol.hub.HubPeer;
import dev.fedchat.protocol.testing.TestKeys;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The confirmation flow end to end, with GreenMail as the real SMTP server and {@link HubClient}
 * (what fedchat servers use) as the registering and looking-up side.
 */
class ConfirmationFlowTest {
    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static final String ALPHA_KEY = TestKeys.publicPem(TestKeys.generate());
    private static final String STRANGER_KEY = TestKeys.publicPem(TestKeys.generate());

    @TempDir
    Path dataDir;
    private TestHub hub;
    private final HubClient client = new HubClient();

    @BeforeEach
    void startHub() {
        hub = TestHub.start(TestHub.config(dataDir).withPublicUrl(URI.create("https://hub.example.org/")),
                TestHub.smtp(greenMail.getSmtp().getPort()), TestHub.clock());
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    @Test
    void register_mailsTheWebmaster_andOnlyTheConfirmedEntryIsFound() throws Exception {
        client.register(hub.uri(), "alpha.example", "https://chat.alpha.example", ALPHA_KEY);

        MimeMessage mail = Mails.awaitMail(greenMail, 1);
        assertThat(Mails.to(mail)).isEqualTo("webmaster@alpha.example");
        assertThat(mail.getSubject()).contains("alpha.example");
        assertThat(mail.getFrom()[0].toString()).isEqualTo("hub@hub.test");
        URI link = Mails.link(mail);
        assertThat(link.toString()).startsWith("https://hub.example.org/confirm/");
        assertThat(Mails.text(mail)).contains("https://chat.alpha.example").contains(KeyFingerprint.of(ALPHA_KEY));

        assertThatThrownBy(() -> client.lookup(hub.uri(), "alpha.example"))
                .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.reason()).isEqualTo(HubException.Reason.PEER_NOT_FOUND));

        HttpResponse<String> page = hub.open(link);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains("alpha.example").contains("https://chat.alpha.example")
                .contains(KeyFingerprint.of(ALPHA_KEY)).contains("<form method=\"post\"").contains("Confirm")
                .doesNotContain("http://", "<script", "src=");
        assertThat(page.headers().firstValue("Referrer-Policy")).contains("no-referrer");
        // opening the page (what a mail scanner does) confirms nothing
        assertThatThrownBy(() -> client.lookup(hub.uri(), "alpha.example")).isInstanceOf(HubException.class);

        HttpResponse<String> confirmed = hub.confirm(link);
        assertThat(confirmed.statusCode()).isEqualTo(200);
        assertThat(confirmed.body()).contains("alpha.example is now listed");

        HubPeer peer = client.lookup(hub.uri(), "alpha.example");
        assertThat(peer.url()).isEqualTo("https://chat.alpha.example");
        assertThat(KeyFingerprint.of(peer.publicKeyPem())).isEqualTo(KeyFingerprint.of(ALPHA_KEY));
        HttpResponse<String> raw = hub.lookup("ALPHA.Example");
        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.body()).contains("\"success\":true").contains("\"domain\":\"alpha.example\"")
                .contains("\"url\":\"https://chat.alpha.example\"").contains("\"public_key\":\"-----BEGIN PUBLIC KEY-----");
    }

    @Test
    void anUnconfirmedOrUnknownDomain_isNotFound() {
        client.register(hub.uri(), "alpha.example", "https://chat.alpha.example", ALPHA_KEY);
        Mails.awaitMail(greenMail, 1);

        HttpResponse<String> pending = hub.lookup("alpha.example");
        assertThat(pending.statusCode()).isEqualTo(404);
        assertThat(pending.body()).contains("\"success\":false").contains("no confirmed entry for alpha.example");
        assertThat(hub.lookup("nobody.example").statusCode()).isEqualTo(404);
    }

    @Test
    void aUsedLink_getsAGonePage() {
        client.register(hub.uri(), "alpha.example", "https://chat.alpha.example", ALPHA_KEY);
        URI link = Mails.link(Mails.awaitMail(greenMail, 1));
        assertThat(hub.confirm(link).statusCode()).isEqualTo(200);

        HttpResponse<String> again = hub.confirm(link);
        assertThat(again.statusCode()).isEqualTo(410);
        assertThat(again.body()).contains("already used").contains("alpha.example was confirmed on");
        assertThat(hub.open(link).statusCode()).isEqualTo(410);
    }

    @Test
    void anExpiredLink_getsAGonePage_andConfirmsNothing() {
        client.register(hub.uri(), "alpha.example", "https://chat.alpha.example", ALPHA_KEY);
        URI link = Mails.link(Mails.awaitMail(greenMail, 1));
        hub.clock.advance(Duration.ofHours(23).plusMinutes(59));
        assertThat(hub.open(link).statusCode()).as("still valid just before 24 h").isEqualTo(200);

        hub.clock.advance(Duration.ofMinutes(1));
        HttpResponse<String> page = hub.open(link);
        assertThat(page.statusCode()).isEqualTo(410);
        assertThat(page.body()).contains("expired").contains("24 h");
        assertThat(hub.confirm(link).statusCode()).isEqualTo(410);
        assertThat(hub.lookup("alpha.example").statusCode()).isEqualTo(404);
    }

    @Test
    void anUnknownLink_getsANotFoundPage() {
        HttpResponse<String> page = TestHub.get(hub.server.url() + "/confirm/" + "A".repeat(43));
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.body()).contains("knows no such confirmation link");
        assertThat(hub.confirm(URI.create(hub.server.publicUrl() + "/confirm/not-a-token")).statusCode()).isEqualTo(404);
    }

    @Test
    void aStrangersNewKey_staysPending_andLookupsKeepTheConfirmedKeyUntilTheWebmasterConfirms() {
        client.register(hub.uri(), "alpha.example", "https://chat.alpha.example", ALPHA_KEY);
        assertThat(hub.confirm(Mails.link(Mails.awaitMail(greenMail, 1))).statusCode()).isEqualTo(200);

        hub.clock.advance(Duration.ofMinutes(10));
        client.register(hub.uri(), "alpha.example", "https://evil.example", STRANGER_KEY);
        MimeMessage warning = Mails.awaitMail(greenMail, 2);
        assertThat(Mails.to(warning)).isEqualTo("webmaster@alpha.example");
        assertThat(Mails.text(warning)).contains("is listed today with URL https://chat.alpha.example")
                .contains("stays as it is unless you confirm");

        HubPeer still = client.lookup(hub.uri(), "alpha.example");
        assertThat(still.url()).isEqualTo("https://chat.alpha.example");
        assertThat(KeyFingerprint.of(still.publicKeyPem())).isEqualTo(KeyFingerprint.of(ALPHA_KEY));
        URI strangerLink = Mails.link(warning);
        assertThat(hub.open(strangerLink).body()).contains("This replaces the current entry")
                .contains(KeyFingerprint.of(STRANGER_KEY));

        // only the webmaster's click changes the entry
        assertThat(hub.confirm(strangerLink).statusCode()).isEqualTo(200);
        assertThat(client.lookup(hub.uri(), "alpha.example").url()).isEqualTo("https://evil.example");
    }

    @Test
    void repostingTheConfirmedData_isANoOpWithoutMail() {
        client.register(hub.uri(), "alpha.example", "https://chat.alpha.example", ALPHA_KEY);
        hub.confirm(Mails.link(Mails.awaitMail(greenMail, 1)));
        hub.clock.advance(Duration.ofHours(1));

        // the same key wrapped differently is the same key
        String wrapped = ALPHA_KEY.replace("-----BEGIN PUBLIC KEY-----", "-----BEGIN PUBLIC KEY-----\n");
        HttpResponse<String> again = hub.register("Alpha.Example", "https://chat.alpha.example", wrapped);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("is listed with exactly this data");
        assertThat(greenMail.getReceivedMessages()).hasSize(1);
    }

    @Test
    void confirmingANewerRegistration_voidsTheOlderLink() {
        client.register(hub.uri(), "alpha.example", "https://old.alpha.example", ALPHA_KEY);
        URI older = Mails.link(Mails.awaitMail(greenMail, 1));
        hub.clock.advance(Duration.ofMinutes(6));
        client.register(hub.uri(), "alpha.example", "https://chat.alpha.example", ALPHA_KEY);
        URI newer = Mails.link(Mails.awaitMail(greenMail, 2));

        assertThat(hub.confirm(newer).statusCode()).isEqualTo(200);
        HttpResponse<String> rollback = hub.confirm(older);
        assertThat(rollback.statusCode()).isEqualTo(410);
        assertThat(rollback.body()).contains("A newer registration of alpha.example was confirmed");
        assertThat(client.lookup(hub.uri(), "alpha.example").url()).isEqualTo("https://chat.alpha.example");
    }
}
