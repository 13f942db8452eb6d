package dev.fedchat.server.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A wiretap between two servers: an HTTP server on a free port of {@code localhost} that passes
 * every request on to {@code target} unchanged and keeps a copy of it, headers and exact body
 * bytes, as an attacker on the path would. Put it in front of a server with
 * {@link FederatedServers#publish(String, int, String)}; {@link Captured#replayTo} sends a copy
 * again, as it was or altered.
 */
public final class RecordingProxy implements AutoCloseable {
    /** Hop-by-hop and computed headers, which the JDK's client sets itself. */
    private static final Set<String> NOT_COPIED = Set.of("host", "connection", "content-length", "transfer-encoding", "upgrade");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** One request as it went by: header names in lower case. */
    public record Captured(String method, String pathAndQuery, Map<String, String> headers, byte[] body) {
        /** This request sent again to {@code baseUrl}, with {@code headers} instead of its own. */
        public HttpResponse<String> replayTo(String baseUrl, Map<String, String> headers) {
            return replay(baseUrl, headers, HttpResponse.BodyHandlers.ofString());
        }

        /** As {@link #replayTo(String, Map)}, the answer's bytes as they came (a picture, say). */
        <T> HttpResponse<T> replay(String baseUrl, Map<String, String> headers, HttpResponse.BodyHandler<T> handler) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach((k, v) -> {
                if (!NOT_COPIED.contains(k)) {
                    b.header(k, v);
                }
            });
            try {
                return HTTP.send(b.build(), handler);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** This request sent again to {@code baseUrl} exactly as it was. */
        public HttpResponse<String> replayTo(String baseUrl) {
            return replayTo(baseUrl, headers);
        }
    }

    private final String target;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Captured> captured = new CopyOnWriteArrayList<>();

    private RecordingProxy(String target) {
        this.target = target;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("localhost"), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::pass);
        server.start();
    }

    /** A proxy in front of {@code targetBaseUrl} ({@code http://localhost:1234}). */
    public static RecordingProxy to(String targetBaseUrl) {
        return new RecordingProxy(targetBaseUrl);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** What went through so far, oldest first. */
    public List<Captured> captured() {
        return List.copyOf(captured);
    }

    private void pass(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
            String query = exchange.getRequestURI().getRawQuery();
            Captured request = new Captured(exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query), headers,
                    exchange.getRequestBody().readAllBytes());
            captured.add(request);
            HttpResponse<byte[]> answer = request.replay(target, headers, HttpResponse.BodyHandlers.ofByteArray());
            byte[] bytes = answer.body();
            exchange.getResponseHeaders().set("Content-Type", answer.headers().firstValue("Content-Type").orElse("application/json"));
            exchange.sendResponseHeaders(answer.statusCode(), bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
