package dev.fedchat.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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

/**
 * The runnable jar as an operator starts it: {@code java -jar fedchat.jar serve} in its own
 * process, configured by Rocket.Chat's start variables, stopped with SIGTERM (what Ctrl-C and
 * service managers send), started again on the same data directory.
 */
class ServeProcessIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private Path dataDir;
    private Process process;

    @BeforeEach
    void createDataDir() throws IOException {
        dataDir = Files.createTempDirectory("fedchat-serve-it");
    }

    @AfterEach
    void cleanUp() throws IOException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
        FedchatJar.deleteTree(dataDir);
    }

    @Test
    void serve_appliesStartVariables_stopsCleanly_andKeepsItsData() throws Exception {
        int port = FedchatJar.freePort();
        Map<String, String> env = Map.of(
                "ROOT_URL", "http://chat.example:" + port,
                "ADMIN_USERNAME", "boss", "ADMIN_PASS", "boss-secret", "ADMIN_EMAIL", "boss@chat.example",
                "OVERWRITE_SETTING_Site_Name", "Process Test");
        Path log = dataDir.resolve("first.log");
        process = start(port, env, log);
        awaitLog(log, "fedchat is serving http://chat.example:" + port);
        assertThat(Files.readString(log)).contains("data in jdbc:h2:file:" + dataDir.toAbsolutePath());

        assertThat(get(port, "/api/info", null)).contains("\"success\":true");
        String login = post(port, "/api/v1/login", "{\"user\":\"boss\",\"password\":\"boss-secret\"}");
        String userId = field(login, "userId");
        String token = field(login, "authToken");
        String[] auth = {"X-User-Id", userId, "X-Auth-Token", token};
        assertThat(get(port, "/api/v1/settings/Site_Url", auth)).contains("http://chat.example:" + port);
        assertThat(get(port, "/api/v1/settings/Site_Name", auth)).contains("Process Test");

        process.destroy(); // SIGTERM, like Ctrl-C
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("stopped within 20 s").isTrue();
        assertThat(Files.readString(log)).contains("Stopped.");

        // the same data directory, without the start variables: the admin and the token are still there
        Path second = dataDir.resolve("second.log");
        process = start(port, Map.of(), second);
        awaitLog(second, "fedchat is serving");
        assertThat(get(port, "/api/v1/me", auth)).contains("\"username\":\"boss\"");
        process.destroy();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aSecondProcessOnTheSameEmbeddedDatabase_isToldItIsInUse() throws Exception {
        int port = FedchatJar.freePort();
        Path log = dataDir.resolve("holder.log");
        process = start(port, Map.of(), log);
        awaitLog(log, "fedchat is serving");

        Path second = dataDir.resolve("second.log");
        Process keys = launch(List.of("keys", "show", "--data-dir", dataDir.toString()), Map.of(), second);
        assertThat(keys.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
        assertThat(keys.exitValue()).isEqualTo(2);
        assertThat(Files.readString(second)).contains("is in use by another process").doesNotContain("\tat ");
        process.destroy();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void dnsRecords_printsTheZoneLines_orOneLineWhenTheDomainIsMissing() throws Exception {
        Path log = dataDir.resolve("records.log");
        Process records = launch(List.of("dns-records", "--data-dir", dataDir.toString(), "--domain", "example.org",
                "--site-url", "https://chat.example.org"), Map.of(), log);
        assertThat(records.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
        assertThat(records.exitValue()).as("exit code; output: %s", Files.readString(log)).isZero();
        assertThat(Files.readString(log)).contains("_rocketchat._https.example.org. 300 IN SRV 1 1 443 chat.example.org.")
                .contains("rocketchat-public-key.example.org. 300 IN TXT \"-----BEGIN PUBLIC KEY-----");

        Path missing = dataDir.resolve("missing.log");
        Process noDomain = launch(List.of("dns-records", "--data-dir", dataDir.toString()), Map.of(), missing);
        assertThat(noDomain.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
        assertThat(noDomain.exitValue()).isEqualTo(2);
        assertThat(Files.readString(missing)).contains("fedchat dns-records: FEDERATION_Domain is not set")
                .doesNotContain("\tat ");
    }

    @Test
    void serve_withAnUnknownOverwrittenSetting_refusesToStartAndNamesIt() throws Exception {
        Path log = dataDir.resolve("bad.log");
        process = start(FedchatJar.freePort(), Map.of("OVERWRITE_SETTING_No_Such_Setting", "1"), log);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(Files.readString(log))
                .contains("cannot start")
                .contains("OVERWRITE_SETTING_No_Such_Setting")
                .doesNotContain("\tat "); // a sentence for the operator, not a stack trace
    }

    @Test
    void demo_startsAHubAndTwoServers_whoFindEachOtherThroughIt_withUsersAndAFederatedDm() throws Exception {
        int port = FedchatJar.freePorts(3); // alpha, beta, the hub
        int betaPort = port + 1;
        Path log = dataDir.resolve("demo.log");
        process = launch(List.of("demo", "--port", String.valueOf(port), "--data-dir", dataDir.toString()), Map.of(), log);
        awaitLog(log, "fedchat demo is running");
        assertThat(Files.readString(log)).contains("http://localhost:" + port).contains("http://localhost:" + betaPort)
                .contains("http://localhost:" + (port + 2)).contains("the web client");
        // the web client comes from the jar: both servers serve it at /
        assertThat(get(port, "/", null)).contains("<script type=\"module\" src=\"/js/app.js\">");
        assertThat(get(betaPort, "/js/app.js", null)).contains("import");

        String[] alice = login(port, DemoCommand.USER, DemoCommand.USER_PASSWORD);
        assertThat(get(port, "/api/v1/channels.history?roomName=general", alice)).contains("Welcome to the fedchat demo");
        login(port, DemoCommand.ADMIN, DemoCommand.ADMIN_PASSWORD);
        // bob on beta reads alice's greeting, which went from alpha to beta through the hub
        String[] bob = login(betaPort, DemoCommand.BETA_USER, DemoCommand.BETA_USER_PASSWORD);
        Awaitility.await("alice's greeting on beta").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> get(betaPort, "/api/v1/im.list", bob).contains("alice@" + DemoCommand.ALPHA)
                        && get(betaPort, "/api/v1/im.history?roomId=" + dmId(get(betaPort, "/api/v1/im.list", bob)), bob)
                                .contains("found through the hub"));
        assertThat(get(port + 2, "/api/v1/peers?search=" + DemoCommand.BETA, null))
                .contains("\"url\":\"http://localhost:" + betaPort + "\"");
        process.destroy();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }

    private static String[] login(int port, String user, String password) throws Exception {
        String login = post(port, "/api/v1/login", "{\"user\":\"" + user + "\",\"password\":\"" + password + "\"}");
        return new String[] {"X-User-Id", field(login, "userId"), "X-Auth-Token", field(login, "authToken")};
    }

    /** The id of the first DM in an {@code im.list} answer. */
    private static String dmId(String imList) throws IOException {
        return new ObjectMapper().readTree(imList).path("ims").path(0).path("_id").asText("none");
    }

    private Process start(int port, Map<String, String> env, Path log) throws IOException {
        return launch(List.of("serve", "--port", String.valueOf(port), "--host", "127.0.0.1", "--data-dir",
                dataDir.toString()), env, log);
    }

    private static Process launch(List<String> args, Map<String, String> env, Path log) throws IOException {
        return FedchatJar.launch(args, env, log);
    }

    private void awaitLog(Path log, String text) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    assertThat(process.isAlive()).as("server process alive; log: %s", Files.readString(log)).isTrue();
                    return Files.readString(log).contains(text);
                });
    }

    private static String get(int port, String path, String[] headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        if (headers != null) {
            b.headers(headers);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
        return r.body();
    }

    private static String post(int port, String path, String json) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as("POST %s: %s", path, r.body()).isEqualTo(200);
        return r.body();
    }

    private static String field(String json, String name) {
        var m = java.util.regex.Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        assertThat(m.find()).as("%s in %s", name, json).isTrue();
        return m.group(1);
    }

}
