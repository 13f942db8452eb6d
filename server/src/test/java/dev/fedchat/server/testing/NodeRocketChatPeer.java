package dev.fedchat.server.testing;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.protocol.testing.Dnsmasq;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Rocket.Chat 3.x server on the wire, run as a real Node process: {@code clients/interop/
 * legacy-rocketchat-peer.js}, which does the crypto with node-rsa 1.1.1 as Rocket.Chat did, finds
 * peers in the test's dnsmasq, and is steered through its {@code /control/*} endpoints. Its one
 * local user is {@code carol}. Close it to stop the process.
 *
 * <p>Node and {@code clients/node_modules} come from {@code ./test.sh}; without them this fails
 * with what to run, never skips.
 */
public final class NodeRocketChatPeer implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofSeconds(60); // node-rsa makes its 2048-bit key in JavaScript
    private static final Duration CONTROL_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path log;
    private final JsonNode ready;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private NodeRocketChatPeer(Process process, Path log, JsonNode ready) {
        this.process = process;
        this.log = log;
        this.ready = ready;
    }

    /**
     * Starts the peer for {@code domain}, resolving other servers through {@code dns}; it is not in
     * DNS itself until the caller publishes {@link #port()} and {@link #publicKeyPem()}.
     */
    public static NodeRocketChatPeer start(String domain, Dnsmasq dns) {
        Path clients = clientsDirectory();
        if (!Files.isRegularFile(clients.resolve("node_modules/node-rsa/package.json"))) {
            fail("node-rsa is not installed in %s/node_modules. Run ./test.sh, which runs `npm ci` in clients/, "
                    + "or run `npm ci` in %s yourself.", clients, clients);
        }
        Path log;
        Process process;
        try {
            log = Files.createTempFile("fedchat-rocketchat-peer", ".log");
            // the address the servers' HTTP client tries first for the SRV target "localhost", as StandInPeer binds
            String host = InetAddress.getByName("localhost").getHostAddress();
            ProcessBuilder builder = new ProcessBuilder(List.of("node", clients.resolve("interop/legacy-rocketchat-peer.js").toString(),
                    "--domain", domain, "--host", host, "--dns", dns.hostPort(),
                    // Rocket.Chat gave up after 2 s; a loaded test machine may need longer, and the test wants the answer
                    "--timeout-ms", "20000"))
                    .redirectError(log.toFile());
            // event ids use Date.prototype.toString(): in UTC they are the ids fedchat computes too
            builder.environment().put("TZ", "UTC");
            process = builder.start();
        } catch (IOException e) {
            return fail("Could not run `node` (%s). Node 20 is needed for the Rocket.Chat peer; ./test.sh installs it.",
                    e.getMessage());
        }
        BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        try {
            line = CompletableFuture.supplyAsync(() -> {
                try {
                    return stdout.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).get(STARTUP.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            return fail("The Rocket.Chat peer did not say it was ready within %s (%s); its log:%n%s", STARTUP, e, read(log));
        }
        if (line == null) {
            return fail("The Rocket.Chat peer exited before it was ready; its log:%n%s", read(log));
        }
        JsonNode ready = Json.read(line);
        return new NodeRocketChatPeer(process, log, ready);
    }

    public String domain() {
        return ready.path("domain").asText();
    }

    public int port() {
        return ready.path("port").asInt();
    }

    /** Its public key as Rocket.Chat published it: single-line SPKI PEM. */
    public String publicKeyPem() {
        return ready.path("publicKey").asText();
    }

    /** carol, its local user, as stored there (dates as EJSON). */
    public JsonNode carol() {
        return ready.path("carol");
    }

    /** carol opens a DM with {@code username@peerDomain}: getByUsername on the peer, then genesis and members to it. */
    public JsonNode openDirectMessage(String peerDomain, String username) {
        return control("POST", "/control/dm", Map.of("peer", peerDomain, "username", username));
    }

    /** carol writes {@code text} in the room; the answer says what each domain answered the event's dispatch. */
    public JsonNode sendMessage(String roomId, String text) {
        return control("POST", "/control/message", Map.of("roomId", roomId, "text", text));
    }

    /** As {@link #sendMessage}, sealed for {@code publicKeyPem} instead of the peer's key; nothing is kept. */
    public JsonNode sendMessageSealedFor(String roomId, String text, String publicKeyPem) {
        return control("POST", "/control/message", Map.of("roomId", roomId, "text", text, "encryptFor", publicKeyPem));
    }

    /** carol edits her message (only its id, text and federation travel, as Rocket.Chat sent edits). */
    public JsonNode editMessage(String messageId, String text) {
        return control("POST", "/control/edit", Map.of("messageId", messageId, "text", text));
    }

    public JsonNode deleteMessage(String messageId) {
        return control("POST", "/control/delete", Map.of("messageId", messageId));
    }

    /** carol reacts, or takes her reaction back; the event names her by her bare local name, as Rocket.Chat did. */
    public JsonNode react(String messageId, String reaction, boolean add) {
        return control("POST", "/control/react", Map.of("messageId", messageId, "reaction", reaction, "unset", !add));
    }

    /** Every dispatch it received: {@code from}, the decrypted {@code body}, per-event {@code results}, {@code error}. */
    public JsonNode received() {
        return control("GET", "/control/received", null).path("dispatches");
    }

    /** Every request it received: method, path, query, and the {@code x-federation-domain} header as {@code domain}. */
    public JsonNode requests() {
        return control("GET", "/control/requests", null).path("requests");
    }

    /** Its users, rooms, subscriptions, messages and room events. */
    public JsonNode state() {
        return control("GET", "/control/state", null);
    }

    /** What it wrote on stderr so far. */
    public String log() {
        return read(log);
    }

    private JsonNode control(String method, String path, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port() + path))
                .timeout(CONTROL_TIMEOUT);
        if (body == null) {
            request.GET();
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(Json.write(body), StandardCharsets.UTF_8));
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return fail("%s %s on the Rocket.Chat peer failed: %s; its log:%n%s", method, path, e, log());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (response.statusCode() != 200) {
            return fail("%s %s on the Rocket.Chat peer answered %d %s; its log:%n%s", method, path,
                    response.statusCode(), response.body(), log());
        }
        return Json.read(response.body());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // a leftover log in the temp directory is harmless
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(could not read " + file + ": " + e + ")";
        }
    }

    private static Path clientsDirectory() {
        return NodeClients.directory();
    }
}
