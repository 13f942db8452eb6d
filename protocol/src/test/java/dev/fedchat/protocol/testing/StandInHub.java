package dev.fedchat.protocol.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A federation hub for tests (federation-protocol.md §5): the JDK's HTTP server on a free
 * loopback port that records every request and answers each with the status, body and headers
 * last set by {@link #answer} ({@link #accept()}, {@link #refuse}). The answer is chosen when a
 * request arrives, so a request held back keeps the answer of its time. {@link #holdFirstRequest()}
 * holds the first request until {@link #releaseFirstRequest()}; {@link #holdAnswers()} holds every
 * one until {@link #close()}, for timeout tests.
 */
public final class StandInHub implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as the hub saw it: the path with its query; header names in lower case. */
    public record Request(String method, String path, Map<String, String> headers, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch releaseFirst = new CountDownLatch(1);
    private volatile boolean holdAll;
    private volatile boolean holdFirst;
    private volatile int status = 200;
    private volatile String body = "{\"success\":true}";
    private volatile Map<String, String> headers = Map.of();

    public StandInHub() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A hub URL where nothing listens: connections are refused. */
    public static String notListeningUrl() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public URI uri() {
        return URI.create(url());
    }

    /** Answer 200 {@code {"success":true}} from now on. */
    public StandInHub accept() {
        return answer(200, "{\"success\":true}");
    }

    /** Answer {@code newStatus} with {@code newBody} from now on. */
    public StandInHub refuse(int newStatus, String newBody) {
        return answer(newStatus, newBody);
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

    /** Every request waits until {@link #close()} before it is answered. */
    public StandInHub holdAnswers() {
        holdAll = true;
        return this;
    }

    /** The first request waits for {@link #releaseFirstRequest()} before it is answered. */
    public StandInHub holdFirstRequest() {
        holdFirst = true;
        return this;
    }

    public void releaseFirstRequest() {
        releaseFirst.countDown();
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        int answerStatus = status;
        byte[] answer = body.getBytes(StandardCharsets.UTF_8);
        Map<String, String> answerHeaders = headers;
        Map<String, String> seen = new TreeMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> seen.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
        String sent = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        boolean first;
        synchronized (requests) {
            first = requests.isEmpty();
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(), seen, sent));
        }
        try {
            if (holdAll) {
                release.await();
            } else if (first && holdFirst) {
                releaseFirst.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        answerHeaders.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.sendResponseHeaders(answerStatus, answer.length == 0 ? -1 : answer.length);
        exchange.getResponseBody().write(answer);
        exchange.close();
    }

    @Override
    public void close() {
        release.countDown();
        releaseFirst.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
