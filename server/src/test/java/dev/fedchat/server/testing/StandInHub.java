package dev.fedchat.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
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
 * loopback port that records every request and answers {@code POST /api/v1/peers} with the
 * status set by {@link #accept()} or {@link #refuse}. The answer is chosen when a request
 * arrives, so a request held by {@link #holdFirstRequest()} keeps the answer of its time.
 */
public final class StandInHub implements AutoCloseable {
    /** One request as the hub saw it; header names are lower case. */
    public record Request(String method, String path, Map<String, String> headers, String body) {
        public JsonNode json() {
            return Json.read(body);
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch releaseFirst = new CountDownLatch(1);
    private volatile boolean holdFirst;
    private volatile int status = 200;
    private volatile String body = "{\"success\":true}";

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
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answer 200 from now on. */
    public StandInHub accept() {
        return answer(200, "{\"success\":true}");
    }

    /** Answer {@code newStatus} with {@code newBody} from now on. */
    public StandInHub refuse(int newStatus, String newBody) {
        return answer(newStatus, newBody);
    }

    private StandInHub answer(int newStatus, String newBody) {
        this.status = newStatus;
        this.body = newBody;
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
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
        String sent = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        boolean first;
        synchronized (requests) {
            first = requests.isEmpty();
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers, sent));
        }
        if (first && holdFirst) {
            try {
                releaseFirst.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        exchange.sendResponseHeaders(answerStatus, answer.length == 0 ? -1 : answer.length);
        exchange.getResponseBody().write(answer);
        exchange.close();
    }

    @Override
    public void close() {
        releaseFirst.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
