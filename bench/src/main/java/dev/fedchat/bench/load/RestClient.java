package dev.fedchat.bench.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * The Rocket.Chat REST API as the load driver uses it: JSON in, JSON out, {@code X-User-Id} /
 * {@code X-Auth-Token} when logged in. HTTP/1.1 with keep-alive, as bots and the web client use it
 * (the JDK client would otherwise try an h2c upgrade on the first request). Thread-safe; every
 * instance owns its own {@link HttpClient}, so four clients mean four connections.
 */
final class RestClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final String baseUrl;
    private final String userId;
    private final String token;

    private RestClient(HttpClient http, String baseUrl, String userId, String token) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.userId = userId;
        this.token = token;
    }

    static RestClient anonymous(String baseUrl) {
        return new RestClient(newHttp(), baseUrl, null, null);
    }

    static HttpClient newHttp() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** A new client (own connection) logged in as {@code username}. */
    RestClient login(String username, String password) {
        JsonNode data = post("/api/v1/login", Map.of("user", username, "password", password)).path("data");
        return new RestClient(newHttp(), baseUrl, data.path("userId").asText(), data.path("authToken").asText());
    }

    /** The same identity on a new connection. */
    RestClient fork() {
        return new RestClient(newHttp(), baseUrl, userId, token);
    }

    String userId() {
        return userId;
    }

    String token() {
        return token;
    }

    String baseUrl() {
        return baseUrl;
    }

    HttpClient http() {
        return http;
    }

    JsonNode post(String path, Object body) {
        return send(postRequest(path, write(body)));
    }

    JsonNode get(String path) {
        return send(getRequest(path));
    }

    HttpRequest postRequest(String path, String jsonBody) {
        return authorised(HttpRequest.newBuilder(URI.create(baseUrl + path)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody)).build();
    }

    HttpRequest getRequest(String path) {
        return authorised(HttpRequest.newBuilder(URI.create(baseUrl + path))).GET().build();
    }

    private HttpRequest.Builder authorised(HttpRequest.Builder b) {
        b.timeout(TIMEOUT);
        if (userId != null) {
            b.header("X-User-Id", userId).header("X-Auth-Token", token);
        }
        return b;
    }

    /** Sends and parses; a non-2xx answer is an error of the set-up, not a measurement. */
    JsonNode send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(request.method() + " " + request.uri().getPath() + " answered "
                        + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serialisable: " + body, e);
        }
    }
}
