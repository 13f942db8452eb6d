package dev.fedchat.server.fuzz;

import static dev.fedchat.server.fuzz.FuzzTarget.assertNo5xx;
import static dev.fedchat.server.fuzz.FuzzTarget.assertRefused;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiResponse;
import dev.fedchat.server.testing.Json;
import dev.fedchat.server.testing.StateSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The committed corpus: every input the fuzzer (or an issue) found that broke the server, shrunk,
 * one JSON file each under {@code src/test/resources/fuzz/} (the README there gives the format).
 * {@link EdgeFuzz} replays them all on every run, on each database.
 */
final class FuzzCorpus {
    /** One kept input: how to send it, and what the answer must be. */
    record Finding(String file, String found, String send, String path, String body, String expect) {}

    private FuzzCorpus() {}

    static List<Finding> all() {
        Path dir;
        try {
            dir = Path.of(FuzzCorpus.class.getResource("/fuzz").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().map(FuzzCorpus::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Finding read(Path file) {
        try {
            JsonNode f = Json.read(Files.readString(file, StandardCharsets.UTF_8));
            JsonNode body = f.path("body");
            // a body kept as a string is sent as it is (malformed JSON); any other value as its JSON text
            String text = body.isMissingNode() ? "" : body.isTextual() ? body.textValue() : body.toString();
            return new Finding(file.getFileName().toString(), f.path("found").asText(), f.path("send").asText(),
                    f.path("path").asText(""), text, f.path("expect").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends {@code finding} to {@code target} and asserts what its file expects. */
    static void replay(FuzzTarget target, Finding finding) {
        String what = finding.file() + " (" + finding.found() + ")";
        StateSnapshot before = target.snapshot();
        ApiResponse answer = send(target, finding);
        switch (finding.expect()) {
            case "refused" -> {
                assertRefused(answer, what);
                target.snapshot().assertUnchangedSince(before);
            }
            case "unchanged" -> {
                assertNo5xx(answer, what);
                target.snapshot().assertUnchangedSince(before);
            }
            case "no5xx" -> assertNo5xx(answer, what);
            default -> throw new IllegalArgumentException(finding.file() + ": expect must be refused, unchanged or no5xx");
        }
    }

    private static ApiResponse send(FuzzTarget target, Finding finding) {
        String body = target.fill(finding.body());
        String path = target.fill(finding.path());
        return switch (finding.send()) {
            case "dispatch" -> target.sealedPost("events.dispatch", body);
            case "requestFromLatest" -> target.sealedPost("events.requestFromLatest", body);
            case "peerGet" -> target.peerGet(path, FuzzTarget.BETA);
            case "get" -> target.mallory.get(path);
            case "post" -> target.mallory.send(target.mallory.request(path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
            case "login" -> target.alpha().client().post("/api/v1/login", body);
            default -> throw new IllegalArgumentException(finding.file() + ": send must be dispatch, requestFromLatest,"
                    + " peerGet, get, post or login");
        };
    }
}
