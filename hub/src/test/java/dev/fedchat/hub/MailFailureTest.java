package dev.fedchat.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fedchat.protocol.testing.TestKeys;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No mail, no registration: the hub refuses to start without a way to mail, and a failed mail stores nothing. */
class MailFailureTest {
    private static final String KEY = TestKeys.publicPem(TestKeys.generate());

    @TempDir
    Path dataDir;

    @Test
    void withoutAnSmtpHost_theHubRefusesToStart_unlessTheLogMailerIsChosen() {
        HubConfig noSmtp = TestHub.config(dataDir).withMail(new MailConfig(MailConfig.Transport.SMTP, java.util.Optional.empty(),
                25, java.util.Optional.empty(), java.util.Optional.empty(), false, "hub@hub.test"));
        assertThatThrownBy(() -> HubServer.start(noSmtp)).isInstanceOf(HubConfigException.class)
                .hasMessageContaining("no SMTP server is configured").hasMessageContaining("--smtp-host")
                .hasMessageContaining("--mail=log");

        try (HubServer hub = HubServer.start(TestHub.config(dataDir).withMail(MailConfig.log("hub@hub.test")))) {
            assertThat(TestHub.get(hub.url() + "/api/v1/peers?search=alpha.example").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void whenTheSmtpServerIsDown_aRegistrationIsAnswered503_andNothingIsStored() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        HubConfig config = TestHub.config(dataDir).withMail(MailConfig.smtp("127.0.0.1", closed, "hub@hub.test"));
        try (HubServer server = HubServer.start(config)) {
            HttpResponse<String> r = TestHub.get(server.url() + "/"); // the hub itself runs
            assertThat(r.statusCode()).isEqualTo(200);
        }
        try (TestHub hub = TestHub.start(config, config.mail().mailer(), TestHub.clock())) {
            HttpResponse<String> first = hub.register("alpha.example", "https://chat.alpha.example", KEY);
            assertThat(first.statusCode()).isEqualTo(503);
            assertThat(first.body()).contains("\"success\":false")
                    .contains("could not send the confirmation mail to webmaster@alpha.example")
                    .contains("nothing was stored").doesNotContain(String.valueOf(closed));
            // no throttle was recorded either: an immediate retry with other data is not told to wait
            HttpResponse<String> retry = hub.register("alpha.example", "https://other.alpha.example", KEY);
            assertThat(retry.statusCode()).isEqualTo(503);
        }
        try (HubAdmin admin = HubAdmin.open(HubDatabaseConfig.embedded(dataDir), Clock.systemUTC())) {
            assertThat(admin.entries()).isEmpty();
        }
    }

    @Test
    void theLogMailer_writesEachMailAndHandsItToItsListeners() {
        List<Mail> seen = new ArrayList<>();
        LogMailer mailer = new LogMailer();
        mailer.addListener(seen::add);
        try (TestHub hub = TestHub.start(TestHub.config(dataDir), mailer, TestHub.clock())) {
            assertThat(hub.register("alpha.example", "https://chat.alpha.example", KEY).statusCode()).isEqualTo(200);
            assertThat(seen).singleElement().satisfies(m -> {
                assertThat(m.to()).isEqualTo("webmaster@alpha.example");
                assertThat(m.text()).contains(m.link().toString());
                assertThat(m.link().toString()).startsWith("http://localhost:" + hub.server.port() + "/confirm/");
            });
            assertThat(hub.confirm(seen.get(0).link()).statusCode()).isEqualTo(200);
            assertThat(hub.lookup("alpha.example").statusCode()).isEqualTo(200);
        }
    }
}
