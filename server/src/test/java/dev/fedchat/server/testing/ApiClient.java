package dev.fedchat.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * A REST client for tests: JSON in, {@link ApiResponse} out, with the caller's
 * {@code X-User-Id}/{@code X-Auth-Token} once logged in.
 */
public final class ApiClient {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;
    private final String userId;
    private final String token;

    public ApiClient(String baseUrl) {
        this(baseUrl, null, null);
    }

    private ApiClient(String baseUrl, String userId, String token) {
        this.baseUrl = baseUrl;
        this.userId = userId;
        this.token = token;
    }

    public ApiClient login(String user, String password) {
        JsonNode body = post("/api/v1/login", Json.obj("user", user, "password", password)).expectOk();
        return new ApiClient(baseUrl, body.path("data").path("userId").asText(), body.path("data").path("authToken").asText());
    }

    public ApiClient withCredentials(String newUserId, String newToken) {
        return new ApiClient(baseUrl, newUserId, newToken);
    }

    public String userId() {
        return userId;
    }

    public String token() {
        return token;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public ApiResponse get(String path) {
        return send(request(path).GET());
    }

    /** POSTs {@code body}: a map/list is written as JSON, a String is sent as is. */
    public ApiResponse post(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))));
    }

    public ApiResponse post(String path, Object body, Map<String, String> headers) {
        HttpRequest.Builder b = request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)));
        headers.forEach(b::header);
        return send(b);
    }

    public ApiResponse send(HttpRequest.Builder builder) {
        try {
            HttpResponse<byte[]> r = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            String text = new String(r.body(), StandardCharsets.UTF_8);
            JsonNode json = null;
            try {
                json = text.isEmpty() ? null : Json.read(text);
            } catch (IllegalArgumentException notJson) {
                // a download or an HTML page: keep the text only
            }
            return new ApiResponse(r.statusCode(), json, text, r.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<byte[]> raw(HttpRequest.Builder builder) {
        try {
            return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A request to {@code path} carrying this client's credentials, if any. */
    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(20));
        if (userId != null) {
            b.header("X-User-Id", userId).header("X-Auth-Token", token);
        }
        return b;
    }
}
