package dev.fedchat.server.federation.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fedchat.protocol.crypto.FederationBody;
import dev.fedchat.protocol.discovery.Peer;
import dev.fedchat.protocol.discovery.PeerCache;
import dev.fedchat.protocol.discovery.PeerNotFoundException;
import dev.fedchat.server.federation.settings.FederationSettings;
import dev.fedchat.server.federation.settings.ServerKeys;
import dev.fedchat.server.settings.SettingsService;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Calls peers' server-to-server endpoints (federation-protocol.md §6): finds the peer through
 * {@link PeerCache}, sends {@code x-federation-domain: <our domain>}, double-encrypts POST bodies
 * for the peer's key, signs every request with a fresh {@link RequestProof} (a fedchat peer checks
 * it, a Rocket.Chat peer ignores it), and turns every outcome into a parsed answer or a classified
 * {@link PeerCallException}. When a peer says it could not decrypt, its cached entry is dropped so
 * the next call fetches its key again (it may have rotated, or we may have had an old one).
 *
 * <p>Thread-safe.
 */
public final class FederationClient {
    public static final String DOMAIN_HEADER = "x-federation-domain";
    /** Rocket.Chat peers used 2 s; ours waits longer for large batches, peers do not care (§13.3). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);
    /** Largest answer read from a peer, except uploads, which say their own bound: a hostile peer cannot fill our heap. */
    public static final long MAX_ANSWER_BYTES = 4L * 1024 * 1024;

    private final PeerCache peers;
    private final FederationBody body;
    private final SettingsService settings;
    private final ServerKeys keys;
    private final ObjectMapper json;
    private final HttpClient http;
    private final Duration timeout;
    private final Clock clock;

    public FederationClient(PeerCache peers, FederationBody body, SettingsService settings, ServerKeys keys,
                            ObjectMapper json, Duration timeout, Clock clock) {
        this.clock = clock;
        this.peers = peers;
        this.body = body;
        this.settings = settings;
        this.keys = keys;
        this.json = json;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** This server's federation domain, as peers know it. */
    public String ownDomain() {
        return settings.string(FederationSettings.DOMAIN).strip().toLowerCase(java.util.Locale.ROOT).replaceFirst("^@", "");
    }

    /** {@code POST <peer>/api/v1/<method>} with {@code jsonText} sealed for the peer. */
    public JsonNode post(String domain, String method, String jsonText) throws PeerCallException {
        return send(seal(domain, method, jsonText));
    }

    /**
     * The first half of {@link #post}: finds the peer and seals {@code jsonText} for its key,
     * without contacting it; {@link #send(SealedPost)} sends. Lets a caller seal a request while
     * another is in flight (the RSA work is most of a federation request's CPU).
     */
    public SealedPost seal(String domain, String method, String jsonText) throws PeerCallException {
        Peer peer = find(domain);
        return new SealedPost(domain, method, jsonText, peer, body.seal(jsonText, peer.publicKey(), keys.privateKey()));
    }

    /**
     * The second half of {@link #post}. A body sealed for a key the peer cache no longer holds
     * (its entry expired and was fetched again, or was forgotten after a "could not decrypt") is
     * sealed again for the current one first: a body sealed ahead never goes out for a stale key
     * we could know is stale. The proof is made here, at each attempt: a retry is a new request
     * with a new nonce, never a replay the peer would refuse.
     */
    public JsonNode send(SealedPost post) throws PeerCallException {
        Peer peer = find(post.domain);
        String sealed = peer.publicKey().equals(post.peer.publicKey()) ? post.body
                : body.seal(post.jsonText, peer.publicKey(), keys.privateKey());
        byte[] bytes = sealed.getBytes(StandardCharsets.UTF_8);
        HttpRequest request = request(peer, "POST", post.method, Map.of(), bytes)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
        return send(peer, request, MAX_ANSWER_BYTES);
    }

    /**
     * {@code POST <peer>/api/v1/<method>} with {@code jsonText} signed but not sealed, waiting at
     * most {@code timeout}: for fedchat's own ephemeral endpoint, which only signing peers speak
     * (docs/federation-security.md, "Ephemeral events"); the RSA sealing would cost more than the
     * few bytes of a typing report are worth, and the proof covers the body's digest.
     */
    public JsonNode postSigned(String domain, String method, String jsonText, Duration timeout) throws PeerCallException {
        Peer peer = find(domain);
        byte[] bytes = jsonText.getBytes(StandardCharsets.UTF_8);
        HttpRequest request = request(peer, "POST", method, Map.of(), bytes).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
        return send(peer, request, MAX_ANSWER_BYTES);
    }

    /** {@code GET <peer>/api/v1/<method>?<query>}; GETs are not encrypted (§6), only signed. */
    public JsonNode get(String domain, String method, Map<String, String> query) throws PeerCallException {
        return get(domain, method, query, MAX_ANSWER_BYTES);
    }

    /** As {@link #get(String, String, Map)}, with an answer of at most {@code maxBytes}. */
    public JsonNode get(String domain, String method, Map<String, String> query, long maxBytes) throws PeerCallException {
        Peer peer = find(domain);
        return send(peer, request(peer, "GET", method, query, new byte[0]).GET().build(), maxBytes);
    }

    /** A POST body sealed for one peer's key ({@link #seal}), not sent yet; opaque to callers. Immutable. */
    public static final class SealedPost {
        private final String domain;
        private final String method;
        private final String jsonText;
        private final Peer peer;
        private final String body;

        private SealedPost(String domain, String method, String jsonText, Peer peer, String body) {
            this.domain = domain;
            this.method = method;
            this.jsonText = jsonText;
            this.peer = peer;
            this.body = body;
        }
    }

    private Peer find(String domain) throws PeerCallException {
        try {
            return peers.find(domain);
        } catch (PeerNotFoundException e) {
            throw new PeerCallException(PeerCallException.Kind.TRANSIENT, e.getMessage(), e);
        }
    }

    /** A request to {@code peer}'s {@code /api/v1/<method>}, signed over exactly {@code body}. */
    private HttpRequest.Builder request(Peer peer, String httpMethod, String method, Map<String, String> query, byte[] body) {
        String q = query.isEmpty() ? "" : "?" + query.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        String path = "/api/v1/" + method;
        URI uri = URI.create(peer.url().toString().replaceAll("/+$", "") + path + q);
        String proof = RequestProof.sign(keys.privateKey(),
                new RequestProof.Signed(ownDomain(), peer.domain(), httpMethod, path, query, body), clock.millis());
        return HttpRequest.newBuilder(uri).timeout(timeout).header(DOMAIN_HEADER, ownDomain())
                .header(RequestProof.HEADER, proof).header("Accept", "application/json");
    }

    private JsonNode send(Peer peer, HttpRequest request, long maxBytes) throws PeerCallException {
        String what = request.method() + " " + request.uri();
        int status;
        String text;
        try {
            HttpResponse<InputStream> streamed = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            byte[] bytes;
            try (InputStream in = streamed.body()) {
                bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            }
            if (bytes.length > maxBytes) {
                throw new PeerCallException(PeerCallException.Kind.REJECTED, what + " answered more than " + maxBytes + " bytes");
            }
            status = streamed.statusCode();
            text = new String(bytes, StandardCharsets.UTF_8);
        } catch (HttpTimeoutException e) {
            throw new PeerCallException(PeerCallException.Kind.TRANSIENT, what + ": no answer within " + timeout.toSeconds() + " s", e);
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (e instanceof java.net.ConnectException && e.getMessage() == null) {
                why = "connection refused";
            }
            throw new PeerCallException(PeerCallException.Kind.TRANSIENT, what + ": " + why, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerCallException(PeerCallException.Kind.TRANSIENT, what + ": interrupted", e);
        }
        JsonNode answer = parse(text);
        boolean refused = answer != null && answer.path("success").isBoolean() && !answer.path("success").asBoolean();
        if (status == 200 && !refused) {
            return answer == null ? json.nullNode() : answer;
        }
        String error = answer != null && answer.path("error").isTextual() ? answer.path("error").asText() : excerpt(text);
        String message = what + " answered HTTP " + status + ": " + error;
        throw new PeerCallException(classify(status, error, peer), message);
    }

    /** The one place where a peer's answer decides retry, give up, or distrust. */
    private PeerCallException.Kind classify(int status, String error, Peer peer) {
        if (error.contains("Could not decrypt payload")) {
            peers.forget(peer.domain());
            return PeerCallException.Kind.UNTRUSTED;
        }
        if (status >= 500 || status == 429 || status == 408 || error.contains("Federation not enabled")) {
            return PeerCallException.Kind.TRANSIENT;
        }
        // only a refusal of what we sent is final; a 404 or 401 says the URL or the peer is wrong, not the events
        return status == 400 || status == 413 || status == 422 ? PeerCallException.Kind.REJECTED : PeerCallException.Kind.TRANSIENT;
    }

    private JsonNode parse(String text) {
        try {
            return text == null || text.isBlank() ? null : json.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    private static String excerpt(String text) {
        String t = text == null ? "" : text.strip();
        return t.length() > 200 ? t.substring(0, 200) + "…" : t.isEmpty() ? "(empty body)" : t;
    }
}
