package dev.fedchat.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedchat.protocol.crypto.KeyFingerprint;
import dev.fedchat.protocol.hub.HubClient;
import dev.fedchat.protocol.testing.MutableClock;
import dev.fedchat.protocol.testing.TestKeys;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The directory's SQL on every database the hub supports (H2 always, PostgreSQL when test.sh
 * started one): registrations, confirmation, the pending stranger, the admin view and removal,
 * and a restart on the same database, with the log mailer's listener reading the links.
 */
class DirectoryStoreTest {
    private static final String KEY = TestKeys.publicPem(TestKeys.generate());
    private static final String STRANGER_KEY = TestKeys.publicPem(TestKeys.generate());

    @TempDir
    Path dataDir;

    static List<String> vendors() {
        return HubDatabases.vendors();
    }

    @AfterAll
    static void dropDatabases() {
        HubDatabases.dropCreated();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vendors")
    void registrations_confirmations_theAdminView_andARestart_keepEverything(String vendor) {
        HubDatabaseConfig db = HubDatabases.fresh(vendor, dataDir);
        HubConfig config = TestHub.config(dataDir).withDatabase(db).withPublicUrl(URI.create("https://hub.example.org"));
        MutableClock clock = TestHub.clock();
        List<Mail> mails = new CopyOnWriteArrayList<>();
        LogMailer mailer = new LogMailer();
        mailer.addListener(mails::add);
        HubClient client = new HubClient();
        URI pendingLink;

        try (TestHub hub = TestHub.start(config, mailer, clock)) {
            client.register(hub.uri(), "alpha.example", "https://chat.alpha.example", KEY);
            assertThat(mails).hasSize(1);
            assertThat(mails.get(0).to()).isEqualTo("webmaster@alpha.example");
            assertThat(hub.confirm(mails.get(0).link()).statusCode()).isEqualTo(200);

            clock.advance(Duration.ofMinutes(10));
            client.register(hub.uri(), "alpha.example", "https://evil.example", STRANGER_KEY);
            client.register(hub.uri(), "beta.example", "https://chat.beta.example", KEY);
            assertThat(mails).hasSize(3);
            pendingLink = mails.get(2).link();
        }

        try (HubAdmin admin = HubAdmin.open(db, clock)) {
            List<HubAdmin.Entry> entries = admin.entries();
            assertThat(entries).extracting(HubAdmin.Entry::domain).containsExactly("alpha.example", "beta.example");
            HubAdmin.Entry alpha = entries.get(0);
            assertThat(alpha.listed()).hasValueSatisfying(l -> {
                assertThat(l.url()).isEqualTo("https://chat.alpha.example");
                assertThat(l.fingerprint()).isEqualTo(KeyFingerprint.of(KEY));
                assertThat(l.confirmedAt()).isEqualTo(TestHub.START);
            });
            assertThat(alpha.pending()).singleElement().satisfies(p -> {
                assertThat(p.url()).isEqualTo("https://evil.example");
                assertThat(p.fingerprint()).isEqualTo(KeyFingerprint.of(STRANGER_KEY));
                assertThat(p.fromAddress()).isEqualTo("127.0.0.1");
                assertThat(p.expired()).isFalse();
            });
            assertThat(entries.get(1).listed()).isEmpty();
            assertThat(entries.get(1).pending()).hasSize(1);
        }

        // the hub again on the same database: the entry answers, the pending link still works
        try (TestHub hub = TestHub.start(config, mailer, clock)) {
            assertThat(client.lookup(hub.uri(), "alpha.example").url()).isEqualTo("https://chat.alpha.example");
            assertThat(hub.lookup("beta.example").statusCode()).isEqualTo(404);
            assertThat(hub.open(pendingLink).statusCode()).isEqualTo(200);
            assertThat(hub.confirm(pendingLink).statusCode()).isEqualTo(200);
            assertThat(client.lookup(hub.uri(), "beta.example").url()).isEqualTo("https://chat.beta.example");
        }

        try (HubAdmin admin = HubAdmin.open(db, clock)) {
            assertThat(admin.remove("ALPHA.example.")).isTrue();
            assertThat(admin.remove("alpha.example")).isFalse();
            assertThat(admin.entries()).extracting(HubAdmin.Entry::domain).containsExactly("beta.example");
        }
        try (TestHub hub = TestHub.start(config, mailer, clock)) {
            assertThat(hub.lookup("alpha.example").statusCode()).isEqualTo(404);
            assertThat(hub.open(mails.get(1).link()).statusCode()).as("the removed domain's pending link").isEqualTo(404);
        }
    }
}
