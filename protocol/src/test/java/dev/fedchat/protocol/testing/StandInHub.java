package dev.fedchat.protocol.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A hub for tests: the JDK's HTTP server on a free loopback port, answering every request with
 * the status, body and headers last set by {@link #answer}, and recording what it was sent.
 * {@link #holdAnswers()} keeps every answer back until {@link #close()}, for timeout tests.
 */
public final class StandInHub implements AutoCloseable {
    /** One request as the hub saw it. Header names are lower case. */
    public record Request(String method, String pathAndQuery, Map<String, String> headers, String body) {}

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean hold;
    private volatile int status = 200;
    private volatile String body = "{\"success\":true}";
    private volatile Map<String, String> headers = Map.of();

    public StandInHub() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public StandInHub answer(int newStatus, String newBody) {
        return answer(newStatus, newBody, Map.of());
    }

    public StandInHub answer(int newStatus, String newBody, Map<String, String> newHeaders) {
        this.status = newStatus;
        this.body = newBody;
        this.headers = newHeaders;
        return this;
    }

    public StandInHub holdAnswers() {
        hold = true;
        return this;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, String> seen = new java.util.TreeMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> seen.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
        String sent = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(), seen, sent));
        if (hold) {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] out = body.getBytes(StandardCharsets.UTF_8);
        headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
        exchange.getResponseBody().write(out);
        exchange.close();
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
