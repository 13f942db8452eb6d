package dev.fedchat.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedchat.server.FedchatServer;
import dev.fedchat.server.config.ServerConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code fedchat dns-records} on the data directory of a server whose domain is
 * {@code example.org} and whose Site_Url is {@code https://chat.example.org}.
 */
class DnsRecordsCommandTest {
    private static Path dir;
    private static String serverKey;

    @BeforeAll
    static void runAServerOnce() throws IOException {
        dir = Files.createTempDirectory("fedchat-dns-records");
        ServerConfig config = ServerConfig.embedded(dir, 0).withSiteUrl("https://chat.example.org")
                .withSettingOverrides(Map.of("FEDERATION_Domain", "example.org"));
        try (FedchatServer server = FedchatServer.start(config)) {
            serverKey = server.keys().publicPem();
        }
    }

    @AfterAll
    static void deleteDataDir() throws IOException {
        delete(dir);
    }

    @Test
    void dnsRecords_printTheRecordsForTheServersSettingsAndKey() {
        Result r = run("dns-records", "--data-dir", dir.toString());

        assertThat(r.code).isZero();
        assertThat(r.out).contains("\n_rocketchat._https.example.org. 300 IN SRV 1 1 443 chat.example.org.\n")
                .contains("\nrocketchat-public-key.example.org. 300 IN TXT \"" + serverKey.substring(0, 255) + "\" \""
                        + serverKey.substring(255) + "\"\n")
                .contains("\n_rocketchat._tcp.example.org. 300 IN SRV 1 1 443 chat.example.org.\n")
                .contains("\nrocketchat-tcp-protocol.example.org. 300 IN TXT \"https\"\n")
                .contains("#14831")
                .contains("\ndig +short SRV _rocketchat._https.example.org\n");
    }

    @Test
    void domainAndSiteUrlOptions_overrideTheSettings_andDnsServerChangesOnlyTheDigCommands() {
        Result r = run("dns-records", "--data-dir", dir.toString(), "--domain", "other.example",
                "--site-url", "http://chat.other.example:8080/", "--dns-server", "127.0.0.1:5353");

        assertThat(r.code).isZero();
        assertThat(r.out).contains("\n_rocketchat._http.other.example. 300 IN SRV 1 1 8080 chat.other.example.\n")
                .contains("\nrocketchat-tcp-protocol.other.example. 300 IN TXT \"http\"\n")
                .contains("\ndig -p 5353 @127.0.0.1 +short TXT rocketchat-public-key.other.example\n")
                .doesNotContain("example.org");
    }

    @Test
    void withoutADomain_oneLineSaysWhatToSet_andTheExitCodeIs2() throws IOException {
        Path fresh = Files.createTempDirectory("fedchat-dns-records-fresh");
        try {
            Result r = run("dns-records", "--data-dir", fresh.toString());

            assertThat(r.code).isEqualTo(2);
            assertThat(r.out).isEmpty();
            assertThat(r.err.strip()).doesNotContain("\n").startsWith("fedchat dns-records: FEDERATION_Domain is not set")
                    .contains("--domain");
        } finally {
            delete(fresh);
        }
    }

    @Test
    void unusableOptions_areOneLineEach_withExitCode2() {
        Result url = run("dns-records", "--data-dir", dir.toString(), "--site-url", "ftp://chat.example.org");
        assertThat(url.code).isEqualTo(2);
        assertThat(url.err.strip()).doesNotContain("\n").contains("Site_Url 'ftp://chat.example.org'").contains("--site-url");

        Result domain = run("dns-records", "--data-dir", dir.toString(), "--domain", "https://example.org");
        assertThat(domain.code).isEqualTo(2);
        assertThat(domain.err.strip()).doesNotContain("\n").contains("it is a URL").contains("--domain");

        Result dns = run("dns-records", "--data-dir", dir.toString(), "--dns-server", "127.0.0.1:dns");
        assertThat(dns.code).isEqualTo(2);
        assertThat(dns.err.strip()).doesNotContain("\n").startsWith("fedchat dns-records: --dns-server:");
    }

    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new Main()).setExecutionExceptionHandler(new StartFailureHandler())
                .setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private static void delete(Path path) throws IOException {
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
