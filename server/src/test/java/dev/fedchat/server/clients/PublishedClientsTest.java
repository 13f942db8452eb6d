package dev.fedchat.server.clients;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.NodeClients;
import dev.fedchat.server.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Drives a real server with the published Rocket.Chat clients (client-api.md §4): runs the
 * {@code node --test} suite in {@code clients/} against a {@link TestServer} whose users and
 * channel are prepared here and handed over in {@code FEDCHAT_*} environment variables.
 *
 * <p>The Node packages come from {@code clients/package-lock.json}; {@code ./test.sh} installs
 * them. Without them this test fails rather than skips, so a missing install is never mistaken
 * for a pass.
 */
class PublishedClientsTest {
    private static final long NODE_TIMEOUT_SECONDS = 120;

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void publishedNodeClients_passTheirSuiteAgainstTheServer() throws IOException, InterruptedException {
        Path clients = clientsDirectory();
        requireInstalled(clients);
        List<String> testFiles = testFiles(clients.resolve("test"));

        Map<String, String> fixture = new LinkedHashMap<>();
        fixture.put("FEDCHAT_URL", server.url());
        for (String user : List.of("bot", "alice", "carol")) {
            server.newUser(user);
            String key = "FEDCHAT_" + user.toUpperCase(Locale.ROOT);
            fixture.put(key + "_USERNAME", user);
            fixture.put(key + "_PASSWORD", user + "-pass");
        }
        ApiClient admin = server.admin();
        // The bot's room is its own: the suites run in parallel (see clients/test/support/fixture.js).
        addChannel(admin, fixture, "BOT", "bot-checks", List.of("bot", "alice"));
        addChannel(admin, fixture, "REST", "rest-checks", List.of("carol", "alice"));

        NodeRun run = runNode(clients, testFiles, fixture);

        System.out.println("---- node --test output ----\n" + run.output() + "---- end of node --test output ----");
        assertThat(run.finished()).as("node --test finished within %d s; output:%n%s", NODE_TIMEOUT_SECONDS, run.output())
                .isTrue();
        assertThat(run.exitCode()).as("exit code of node --test; output:%n%s", run.output()).isZero();
        assertThat(run.output()).as("the suite ran tests").containsPattern("(?m)^ℹ pass [1-9]");
    }

    private static void addChannel(ApiClient admin, Map<String, String> fixture, String key, String name,
                                   List<String> members) {
        String id = admin.post("/api/v1/channels.create", obj("name", name, "members", members)).expectOk()
                .path("channel").path("_id").asText();
        fixture.put("FEDCHAT_" + key + "_CHANNEL_ID", id);
        fixture.put("FEDCHAT_" + key + "_CHANNEL_NAME", name);
    }

    private record NodeRun(boolean finished, int exitCode, String output) {}

    /** Runs {@code node --test} on {@code testFiles}, killing it (and its per-file children) after the timeout. */
    private static NodeRun runNode(Path clients, List<String> testFiles, Map<String, String> fixture)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", "--test", "--test-reporter=spec"));
        command.addAll(testFiles);
        ProcessBuilder builder = new ProcessBuilder(command).directory(clients.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.putAll(fixture);
        env.put("NO_COLOR", "1");
        // Only the local server is spoken to; rocketchat-api would send even 127.0.0.1 through https_proxy.
        for (String proxy : List.of("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")) {
            env.remove(proxy);
        }
        Path output = Files.createTempFile("fedchat-node-clients", ".log");
        try {
            builder.redirectOutput(output.toFile());
            Process node = start(builder);
            boolean finished = node.waitFor(NODE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!finished) {
                node.descendants().forEach(ProcessHandle::destroyForcibly);
                node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            return new NodeRun(finished, finished ? node.exitValue() : -1, Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static Path clientsDirectory() {
        return NodeClients.directory();
    }

    private static void requireInstalled(Path clients) {
        NodeClients.requireInstalled(clients, List.of("@rocket.chat/sdk", "rocketchat-api"));
    }

    /** The suite's files, named explicitly: Node versions differ in how they expand a directory argument. */
    private static List<String> testFiles(Path testDir) throws IOException {
        try (Stream<Path> files = Files.list(testDir)) {
            List<String> names = files.map(p -> testDir.getFileName() + "/" + p.getFileName())
                    .filter(name -> name.endsWith(".test.js")).sorted().toList();
            assertThat(names).as("test files in %s", testDir).isNotEmpty();
            return names;
        }
    }

    private static Process start(ProcessBuilder builder) {
        try {
            return builder.start();
        } catch (IOException e) {
            return fail("Could not start `node` (Node.js 20 or later must be on the PATH; ./test.sh installs it): %s",
                    e.getMessage());
        }
    }
}
