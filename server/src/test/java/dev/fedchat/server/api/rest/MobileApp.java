package dev.fedchat.server.api.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.ApiResponse;
import dev.fedchat.server.testing.DdpClient;
import dev.fedchat.server.testing.Json;
import dev.fedchat.server.testing.Multipart;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Rocket.Chat's mobile app (RocketChat/Rocket.Chat.ReactNative 4.72) as the server sees it: the
 * requests it makes, with its headers, and its DDP connection as its sdk
 * ({@code @rocket.chat/sdk#mobile}, {@code lib/drivers/ddp.ts}) opens it. The test narrates the
 * order; this class only knows how each kind of call is put on the wire (docs/mobile-app.md):
 * <ul>
 *   <li>{@link #fetch}: the app's own {@code fetch} helper (server add, login settings): only its
 *       {@code User-Agent};</li>
 *   <li>{@link #get}, {@link #post}, {@link #delete}: the sdk's REST client, {@code /api/v1/<endpoint>}
 *       with {@code Content-Type: application/json} and, once logged in, {@code X-User-Id} and
 *       {@code X-Auth-Token}; GET parameters as the sdk encodes them;</li>
 *   <li>{@link #method}: {@code methodCallWrapper} with {@code API_Use_REST_For_DDP_Calls} on,
 *       {@code method.call/<name>} or {@code method.callAnon/<name>} with the EJSON frame as text;</li>
 *   <li>{@link #subscribe}: the sdk driver's {@code subscribe(topic, eventName, ...args)}, params
 *       {@code [eventName, {useCollection: false, args}]}.</li>
 * </ul>
 */
final class MobileApp implements AutoCloseable {
    static final String USER_AGENT = "RC Mobile; android 14; v4.72.0 (1)";
    /** The events {@code subscribeNotifyUser} opens on {@code stream-notify-user}, in its order. */
    static final List<String> NOTIFY_USER_EVENTS = List.of("message", "otr", "webrtc", "notification", "rooms-changed",
            "subscriptions-changed", "uiInteraction", "e2ekeyRequest", "userData", "video-conference", "media-signal",
            "media-calls");

    private final String server;
    private final ApiClient http;
    private DdpClient ddp;
    private String userId;
    private String token;
    private int methodIds;

    MobileApp(String server) {
        this.server = server;
        this.http = new ApiClient(server);
    }

    String userId() {
        return userId;
    }

    String token() {
        return token;
    }

    DdpClient ddp() {
        return ddp;
    }

    /** The app's {@code fetch} helper: a full path, its User-Agent, any extra headers. */
    ApiResponse fetch(String pathAndQuery, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server + pathAndQuery)).timeout(Duration.ofSeconds(20))
                .header("User-Agent", USER_AGENT).GET();
        headers.forEach(b::header);
        return http.send(b);
    }

    ApiResponse fetch(String pathAndQuery) {
        return fetch(pathAndQuery, Map.of());
    }

    /** {@code sdk.get(endpoint, params)}: an object parameter is sent as JSON text, as the sdk's getParams does. */
    ApiResponse get(String endpoint, Object... keyValues) {
        Map<String, Object> params = Json.obj(keyValues);
        String query = params.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue() instanceof String s
                ? s : Json.write(e.getValue()))).collect(Collectors.joining("&"));
        return http.send(sdkRequest(endpoint + "?" + query).GET());
    }

    ApiResponse post(String endpoint, Object body) {
        return http.send(sdkRequest(endpoint).POST(HttpRequest.BodyPublishers.ofString(Json.write(body))));
    }

    ApiResponse delete(String endpoint, Object body) {
        return http.send(sdkRequest(endpoint).method("DELETE", HttpRequest.BodyPublishers.ofString(Json.write(body))));
    }

    /** The V2 upload: a multipart {@code file} to {@code rooms.media/<rid>}, as {@code FileUpload} sends it. */
    ApiResponse upload(String rid, String filename, String type, byte[] content) {
        Multipart form = new Multipart().file("file", filename, type, content);
        return http.send(form.applyTo(credentialed("rooms.media/" + rid)));
    }

    /**
     * {@code sdk.methodCallWrapper(name, ...params)}: {@code method.call/<name>} when logged in,
     * {@code method.callAnon/<name>} when not. Returns the DDP result frame the answer carries
     * (its {@code result} or {@code error}), after checking the REST envelope.
     */
    JsonNode method(String name, Object... params) {
        String id = "m" + ++methodIds;
        String frame = Json.write(Json.obj("msg", "method", "id", id, "method", name, "params", Arrays.asList(params)));
        JsonNode envelope = post((userId == null ? "method.callAnon/" : "method.call/") + name, Json.obj("message", frame))
                .expectOk();
        JsonNode result = Json.read(envelope.path("message").asText());
        assertThat(result.path("msg").asText()).isEqualTo("result");
        assertThat(result.path("id").asText()).isEqualTo(id);
        return result;
    }

    /** {@code sdk.current.connect()}: the socket and the driver's {@code connect} frame. */
    JsonNode connect() {
        ddp = DdpClient.connect(server);
        ddp.send(Json.obj("msg", "connect", "version", "1", "support", List.of("1", "pre2", "pre1")));
        return ddp.await(f -> f.path("msg").asText().equals("connected"));
    }

    /**
     * {@code sdk.current.login(credentials)}: REST {@code login}, then the DDP {@code login} with
     * the token it gave (the sdk's {@code resume}); returns the REST answer's {@code data}.
     */
    JsonNode login(String user, String password) {
        JsonNode data = post("login", Json.obj("user", user, "password", password)).expectOk().path("data");
        userId = data.path("userId").asText();
        token = data.path("authToken").asText();
        JsonNode resumed = ddp.call("login", Json.obj("resume", token));
        assertThat(resumed.has("error")).as("DDP resume: %s", resumed).isFalse();
        assertThat(resumed.path("result").path("id").asText()).isEqualTo(userId);
        return data;
    }

    /** {@code sdk.subscribe(topic, eventName, ...args)}; returns the {@code ready} or {@code nosub} frame. */
    JsonNode subscribe(String topic, String eventName, Object... args) {
        return ddp.subscribe(topic, eventName, Json.obj("useCollection", false, "args", Arrays.asList(args)));
    }

    /** {@code sdk.logout()}: the sdk's REST client logs out with a POST; the app forgets its credentials. */
    JsonNode logout() {
        JsonNode body = post("logout", Json.obj()).expectOk();
        userId = null;
        token = null;
        return body;
    }

    private HttpRequest.Builder sdkRequest(String endpoint) {
        return credentialed(endpoint).header("Content-Type", "application/json");
    }

    private HttpRequest.Builder credentialed(String endpoint) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server + "/api/v1/" + endpoint)).timeout(Duration.ofSeconds(20))
                .header("User-Agent", USER_AGENT);
        if (userId != null) {
            b.header("X-User-Id", userId).header("X-Auth-Token", token);
        }
        return b;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (ddp != null) {
            ddp.close();
        }
    }
}
