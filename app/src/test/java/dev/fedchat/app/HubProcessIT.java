package dev.fedchat.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedchat.protocol.testing.TestKeys;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar fedchat.jar hub} as an operator runs it: refused without a way to mail, started
 * with {@code --mail=log}, a registration confirmed from the link in its log, stopped with
 * SIGTERM, then administered with {@code hub list} and {@code hub remove} on its data directory.
 */
class HubProcessIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern LINK = Pattern.compile("http://localhost:\\d+/confirm/[A-Za-z0-9_-]+");
    @TempDir
    Path dataDir;
    private Process process;

    @AfterEach
    void stopHub() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    @Test
    void hub_refusesWithoutMail_confirmsFromTheLoggedLink_andIsAdministeredWhenStopped() throws Exception {
        Path refused = dataDir.resolve("refused.log");
        Process noMail = launch(List.of("hub", "--port", "0", "--data-dir", dataDir.toString()), refused);
        assertThat(noMail.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
        assertThat(noMail.exitValue()).isEqualTo(2);
        assertThat(Files.readString(refused)).contains("fedchat: cannot start: no SMTP server is configured")
                .contains("--mail=log").doesNotContain("\tat ");

        int port = FedchatJar.freePort();
        Path log = dataDir.resolve("hub.log");
        process = launch(List.of("hub", "--mail=log", "--host", "127.0.0.1", "--port", String.valueOf(port),
                "--data-dir", dataDir.toString()), log);
        awaitLog(log, "fedchat hub is listening on 127.0.0.1:" + port);
        assertThat(Files.readString(log)).contains("mail goes to the log (--mail=log")
                .contains("No --public-url: confirmation links point to http://localhost:" + port);

        String key = TestKeys.publicPem(TestKeys.generate());
        HttpResponse<String> registered = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/peers"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"domain\":\"alpha.example\",\"url\":\"https://chat.alpha.example\","
                        + "\"public_key\":\"" + key + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
        awaitLog(log, "Mail to webmaster@alpha.example");
        Matcher link = LINK.matcher(Files.readString(log));
        assertThat(link.find()).isTrue();
        HttpResponse<String> confirmed = HTTP.send(HttpRequest.newBuilder(URI.create(link.group()))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(confirmed.statusCode()).isEqualTo(200);
        HttpResponse<String> found = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/v1/peers?search=alpha.example")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(found.body()).contains("\"url\":\"https://chat.alpha.example\"");

        process.destroy(); // SIGTERM, like Ctrl-C
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("stopped within 20 s").isTrue();

        Path listed = dataDir.resolve("list.log");
        Process list = launch(List.of("hub", "list", "--data-dir", dataDir.toString()), listed);
        assertThat(list.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(list.exitValue()).as(Files.readString(listed)).isZero();
        assertThat(Files.readString(listed)).contains("alpha.example  listed: https://chat.alpha.example  key SHA256:");

        Path removed = dataDir.resolve("remove.log");
        Process remove = launch(List.of("hub", "remove", "alpha.example", "--data-dir", dataDir.toString()), removed);
        assertThat(remove.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(remove.exitValue()).isZero();
        assertThat(Files.readString(removed)).contains("Removed alpha.example");

        Path again = dataDir.resolve("again.log");
        Process removeAgain = launch(List.of("hub", "remove", "alpha.example", "--data-dir", dataDir.toString()), again);
        assertThat(removeAgain.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(removeAgain.exitValue()).isEqualTo(1);
        assertThat(Files.readString(again)).contains("the hub does not know alpha.example");
    }

    private static Process launch(List<String> args, Path log) throws IOException {
        return FedchatJar.launch(args, Map.of(), log);
    }

    private void awaitLog(Path log, String text) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    assertThat(process.isAlive()).as("hub process alive; log: %s", Files.readString(log)).isTrue();
                    return Files.readString(log).contains(text);
                });
    }

}
