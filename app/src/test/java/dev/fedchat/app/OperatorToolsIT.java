package dev.fedchat.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedchat.protocol.testing.Dnsmasq;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TXTRecord;

/**
 * The operator's path end to end, with the real jar in its own processes and a real DNS server:
 * {@code dns-records} prints the records, they are published as printed (in dnsmasq), the server
 * is started, and {@code doctor} — as a peer would — finds every check passing. A domain with
 * nothing published fails with the record to add, and a bad option is one line.
 */
class OperatorToolsIT {
    private Path dataDir;
    private Process server;
    private Dnsmasq dns;

    @BeforeEach
    void createDataDir() throws IOException {
        dataDir = Files.createTempDirectory("fedchat-tools-it");
    }

    @AfterEach
    void cleanUp() throws IOException {
        if (server != null && server.isAlive()) {
            server.destroyForcibly();
        }
        if (dns != null) {
            dns.close();
        }
        FedchatJar.deleteTree(dataDir);
    }

    @Test
    void theRecordsDnsRecordsPrintsMakeTheDoctorPass() throws Exception {
        int port = FedchatJar.freePort();
        String siteUrl = "http://localhost:" + port;
        Run records = run(List.of("dns-records", "--data-dir", dataDir.toString(), "--domain", "e2e.test", "--site-url", siteUrl));
        assertThat(records.code).as(records.output).isZero();
        dns = publish(records.output);

        Path log = dataDir.resolve("serve.log");
        server = launch(List.of("serve", "--port", String.valueOf(port), "--host", "127.0.0.1", "--data-dir", dataDir.toString()),
                Map.of("ROOT_URL", siteUrl, "OVERWRITE_SETTING_FEDERATION_Domain", "e2e.test"), log);
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> Files.readString(log).contains("fedchat is serving"));

        Run doctor = run(List.of("doctor", "e2e.test", "--dns-server", dns.hostPort()));
        assertThat(doctor.code).as(doctor.output).isZero();
        assertThat(doctor.output)
                .contains("Federation set-up of e2e.test, as a peer sees it (asking the DNS server " + dns.hostPort() + ")")
                .contains("[PASS] SRV record: _rocketchat._http.e2e.test → 1 1 " + port + " localhost.")
                .contains("[PASS] Legacy records: _rocketchat._tcp.e2e.test")
                .contains("[PASS] Published key is the server's")
                .contains("All checks passed.");
    }

    @Test
    void aDomainWithNothingPublishedFailsWithTheRecordToAdd() throws Exception {
        dns = Dnsmasq.records().start();

        Run doctor = run(List.of("doctor", "missing.test", "--dns-server", dns.hostPort(), "--timeout", "2"));

        assertThat(doctor.code).as(doctor.output).isEqualTo(1);
        assertThat(doctor.output).contains("[FAIL] SRV record: _rocketchat._https.missing.test: no such name (NXDOMAIN)")
                .contains("fix: publish _rocketchat._https.missing.test. 300 IN SRV 1 1 443 <the chat server's host name>.")
                .contains("2 of 7 checks failed.");
    }

    @Test
    void aMalformedDnsServerIsOneLineAndExitCodeTwo() throws Exception {
        Run doctor = run(List.of("doctor", "e2e.test", "--dns-server", "127.0.0.1:fifty"));

        assertThat(doctor.code).isEqualTo(2);
        assertThat(doctor.output.strip()).startsWith("fedchat doctor: --dns-server:").doesNotContain("\n");
    }

    /** Publishes in dnsmasq exactly the zone lines the command printed, parsed by dnsjava. */
    private static Dnsmasq publish(String printed) throws IOException {
        String zone = printed.lines().filter(l -> l.matches("^\\S+\\. \\d+ IN (SRV|TXT) .*"))
                .collect(Collectors.joining("\n", "", "\n"));
        Dnsmasq.Records records = Dnsmasq.records();
        int count = 0;
        try (Master master = new Master(new ByteArrayInputStream(zone.getBytes(StandardCharsets.UTF_8)), Name.root)) {
            for (org.xbill.DNS.Record r = master.nextRecord(); r != null; r = master.nextRecord()) {
                String name = r.getName().toString(true);
                if (r instanceof SRVRecord srv) {
                    records.srv(name, srv.getTarget().toString(true), srv.getPort(), srv.getPriority(), srv.getWeight());
                } else if (r instanceof TXTRecord txt) {
                    records.txt(name, txt.getStrings().toArray(String[]::new));
                }
                count++;
            }
        }
        assertThat(count).as("records printed: %s", printed).isEqualTo(4);
        return records.start();
    }

    private record Run(int code, String output) {}

    private Run run(List<String> args) throws Exception {
        Path log = Files.createTempFile(dataDir, "run", ".log");
        Process p = launch(args, Map.of(), log);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
        return new Run(p.exitValue(), Files.readString(log));
    }

    private static Process launch(List<String> args, Map<String, String> env, Path log) throws IOException {
        return FedchatJar.launch(args, env, log);
    }

}
