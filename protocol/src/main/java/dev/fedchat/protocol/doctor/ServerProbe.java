package dev.fedchat.protocol.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * The network half of the doctor: does anything listen where the SRV record points, and does it
 * speak the Rocket.Chat API? Every failure comes back as a sentence, never an exception.
 */
final class ServerProbe {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final Duration timeout;

    ServerProbe(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The first address that accepts a TCP connection, or why none did. */
    Result<InetSocketAddress> connect(List<InetAddress> addresses, int port) {
        StringBuilder why = new StringBuilder();
        for (InetAddress address : addresses) {
            InetSocketAddress target = new InetSocketAddress(address, port);
            try (Socket socket = new Socket()) {
                socket.connect(target, (int) timeout.toMillis());
                return Result.ok(target);
            } catch (ConnectException e) {
                why.append(why.isEmpty() ? "" : "; ").append(address.getHostAddress()).append(':').append(port).append(" refused the connection");
            } catch (IOException e) {
                why.append(why.isEmpty() ? "" : "; ").append(address.getHostAddress()).append(':').append(port).append(": ").append(e.getMessage());
            }
        }
        return Result.failed(why.toString());
    }

    /** The host name as the system resolver knows it, for URLs; empty when only our DNS server knows it. */
    static boolean systemResolves(String host) {
        try {
            InetAddress.getAllByName(host);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** {@code GET <base>/api/info}: the version a Rocket.Chat-compatible server reports. */
    Result<String> info(URI base) {
        return getJson(base, "/api/info").flatMap(body -> body.path("version").isTextual()
                ? Result.ok(body.path("version").asText())
                : Result.failed("answered JSON without a \"version\": not a Rocket.Chat-compatible server"));
    }

    /**
     * {@code GET <base>/api/v1/federation.publicKey}, fedchat's own endpoint. Empty when the server
     * does not have it (a Rocket.Chat server answers 404).
     */
    Result<Optional<String>> publicKey(URI base) {
        HttpResponse<String> response;
        try {
            response = get(base, "/api/v1/federation.publicKey");
        } catch (ProbeFailure f) {
            return Result.failed(f.getMessage());
        }
        if (response.statusCode() == 404) {
            return Result.ok(Optional.empty());
        }
        return parse(base, "/api/v1/federation.publicKey", response).flatMap(body -> body.path("publicKey").isTextual()
                ? Result.ok(Optional.of(body.path("publicKey").asText()))
                : Result.failed("answered without a \"publicKey\""));
    }

    private Result<JsonNode> getJson(URI base, String path) {
        try {
            return parse(base, path, get(base, path));
        } catch (ProbeFailure f) {
            return Result.failed(f.getMessage());
        }
    }

    private static Result<JsonNode> parse(URI base, String path, HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            return Result.failed("GET " + base + path + " answered HTTP " + response.statusCode());
        }
        try {
            return Result.ok(JSON.readTree(response.body()));
        } catch (IOException e) {
            return Result.failed("GET " + base + path + " answered something that is not JSON");
        }
    }

    private HttpResponse<String> get(URI base, String path) {
        URI uri = URI.create(base.toString().replaceAll("/+$", "") + path);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new ProbeFailure("GET " + uri + " got no answer within " + timeout.toSeconds() + " s");
        } catch (SSLException e) {
            throw new ProbeFailure("GET " + uri + " failed in TLS: " + e.getMessage()
                    + "; peers need a certificate they trust for " + base.getHost());
        } catch (IOException e) {
            throw new ProbeFailure("GET " + uri + " failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProbeFailure("interrupted");
        }
    }

    private static final class ProbeFailure extends RuntimeException {
        ProbeFailure(String message) {
            super(message, null, false, false);
        }
    }

    /** A value or the sentence saying why there is none. */
    record Result<T>(T value, String failure) {
        static <T> Result<T> ok(T value) {
            return new Result<>(value, null);
        }

        static <T> Result<T> failed(String why) {
            return new Result<>(null, why);
        }

        boolean ok() {
            return failure == null;
        }

        <U> Result<U> flatMap(java.util.function.Function<T, Result<U>> next) {
            return ok() ? next.apply(value) : failed(failure);
        }
    }
}
