package dev.fedchat.protocol.hub;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fedchat.protocol.discovery.HttpUrls;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * The two calls a server makes to a Rocket.Chat federation Hub (federation-protocol.md §5):
 * {@link #register} this server, and {@link #lookup} a peer the DNS does not know. Neither is
 * encrypted. Every failure is a {@link HubException} whose message names the request and what
 * came back.
 *
 * <p>Thread-safe; one instance serves every caller. A call blocks its thread for at most the
 * connect timeout plus the request timeout. HTTP/1.1 only: a Node hub has no use for the h2c
 * upgrade headers the JDK would otherwise send.
 */
public final class HubClient {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** Where peers register and are looked up, below the hub's base URL. */
    public static final String PEERS_PATH = "/api/v1/peers";
    /** Rocket.Chat's sender header, sent on every federation request (spec §6). */
    public static final String DOMAIN_HEADER = "x-federation-domain";
    /** How much of an unexpected answer goes into an error message: enough to recognise an HTML error page. */
    static final int EXCERPT_CHARS = 200;

    private final HttpClient http;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final ObjectMapper json = new ObjectMapper();

    public HubClient() {
        this(DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
    }

    /**
     * @param connectTimeout how long to wait for the TCP (and TLS) connection
     * @param requestTimeout how long to wait for the answer once the request is sent
     */
    public HubClient(Duration connectTimeout, Duration requestTimeout) {
        if (connectTimeout.isNegative() || connectTimeout.isZero() || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("hub timeouts must be positive, got connect " + connectTimeout
                    + " and request " + requestTimeout);
        }
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    /**
     * Registers this server: {@code POST <hub>/api/v1/peers} with {@code {"domain","url","public_key"}}
     * and the {@code x-federation-domain} header. Any 2xx is success, whatever the body.
     *
     * @param hub          the hub's base URL; trailing slashes are ignored
     * @param domain       this server's {@code FEDERATION_Domain}
     * @param url          this server's {@code Site_Url}
     * @param publicKeyPem this server's public key, single-line PEM
     * @return what the hub said of the registration, its {@code message} (a fedchat hub says whether
     *         it mailed a confirmation link to the webmaster or lists the server already); empty when
     *         it said nothing in words (Rocket.Chat's answer carries no message, and was ignored)
     * @throws HubException any other status, a network failure or a timeout
     */
    public String register(URI hub, String domain, String url, String publicKeyPem) {
        String base = base(hub);
        ObjectNode body = json.createObjectNode();
        body.put("domain", Objects.requireNonNull(domain, "domain"));
        body.put("url", Objects.requireNonNull(url, "url"));
        body.put("public_key", Objects.requireNonNull(publicKeyPem, "publicKeyPem"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + PEERS_PATH))
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .header(DOMAIN_HEADER, domain)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response = send(base, request);
        if (!isSuccess(response)) {
            throw new HubException(HubException.Reason.HTTP_ERROR, what(request) + " answered " + describe(response));
        }
        return message(response.body());
    }

    /**
     * The {@code message} of a JSON answer, cut as an excerpt (the hub is not ours to trust with the
     * length of what the admin is shown), or empty: a success needs no words, so a body without them is no error.
     */
    private String message(String body) {
        try {
            JsonNode root = json.readTree(body);
            return root != null && root.path("message").isTextual() ? excerpt(root.path("message").asText()) : "";
        } catch (JsonProcessingException e) {
            return "";
        }
    }

    /**
     * Looks a peer up: {@code GET <hub>/api/v1/peers?search=<domain>}, expecting
     * {@code {"peer":{"url":..,"public_key":..}}}. No {@code x-federation-domain} header is sent:
     * the lookup does not depend on who asks.
     *
     * @param hub    the hub's base URL; trailing slashes are ignored
     * @param domain the peer's domain
     * @throws HubException {@link HubException.Reason#PEER_NOT_FOUND} for a 404 or an answer
     *                      without {@code peer}; otherwise the status, the malformed answer, the
     *                      network failure or the timeout
     */
    public HubPeer lookup(URI hub, String domain) {
        String base = base(hub);
        // Rocket.Chat put the domain into the query as is; encoding changes nothing for a real domain
        String query = "?search=" + URLEncoder.encode(Objects.requireNonNull(domain, "domain"), StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + PEERS_PATH + query))
                .timeout(requestTimeout)
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<String> response = send(base, request);
        if (response.statusCode() == 404) {
            throw new HubException(HubException.Reason.PEER_NOT_FOUND,
                    "the hub " + base + " does not know " + domain + ": " + what(request) + " answered " + describe(response));
        }
        if (!isSuccess(response)) {
            throw new HubException(HubException.Reason.HTTP_ERROR, what(request) + " answered " + describe(response));
        }
        return peer(request, response, base, domain);
    }

    private HubPeer peer(HttpRequest request, HttpResponse<String> response, String base, String domain) {
        JsonNode root;
        try {
            root = json.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new HubException(HubException.Reason.BAD_ANSWER,
                    what(request) + " answered with a body that is not JSON: " + excerpt(response.body()), e);
        }
        if (root == null || !root.isObject()) {
            throw new HubException(HubException.Reason.BAD_ANSWER,
                    what(request) + " answered with something other than a JSON object: " + excerpt(response.body()));
        }
        JsonNode peer = root.path("peer");
        if (peer.isMissingNode() || peer.isNull()) {
            throw new HubException(HubException.Reason.PEER_NOT_FOUND,
                    "the hub " + base + " does not know " + domain + ": " + what(request) + " answered without \"peer\": "
                            + excerpt(response.body()));
        }
        String url = peer.path("url").asText("");
        String key = peer.path("public_key").asText("");
        if (!peer.isObject() || url.isBlank() || key.isBlank()) {
            throw new HubException(HubException.Reason.BAD_ANSWER,
                    what(request) + " answered with a peer that lacks \"url\" or \"public_key\": " + excerpt(response.body()));
        }
        return new HubPeer(url, key);
    }

    private HttpResponse<String> send(String base, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException e) {
            throw new HubException(HubException.Reason.TIMEOUT,
                    "could not connect to " + base + " within " + human(connectTimeout), e);
        } catch (HttpTimeoutException e) {
            throw new HubException(HubException.Reason.TIMEOUT,
                    what(request) + " got no answer within " + human(requestTimeout), e);
        } catch (IOException e) {
            String message = isConnectFailure(e)
                    ? "could not connect to " + base + ": " + cause(e, request.uri())
                    : what(request) + " failed: " + cause(e, request.uri());
            throw new HubException(HubException.Reason.CONNECTION_FAILED, message, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubException(HubException.Reason.INTERRUPTED, what(request) + " was interrupted", e);
        }
    }

    /** The hub URL without trailing slashes; refuses anything but an absolute http(s) URL. */
    private static String base(URI hub) {
        Objects.requireNonNull(hub, "hub");
        if (!HttpUrls.isHttp(hub)) {
            throw new HubException(HubException.Reason.INVALID_URL,
                    "the hub URL '" + hub + "' is not an http(s) URL such as https://hub.example.org");
        }
        String text = hub.toString();
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '/') {
            end--;
        }
        return text.substring(0, end);
    }

    private static boolean isSuccess(HttpResponse<?> response) {
        return response.statusCode() / 100 == 2;
    }

    private static String what(HttpRequest request) {
        return request.method() + " " + request.uri();
    }

    /** {@code HTTP 503: <excerpt>}, with the target of a redirect, which is not followed. */
    private static String describe(HttpResponse<String> response) {
        StringBuilder s = new StringBuilder("HTTP ").append(response.statusCode());
        if (response.statusCode() / 100 == 3) {
            response.headers().firstValue("Location").ifPresent(l -> s.append(" (a redirect to ").append(l)
                    .append(", which is not followed: use that URL as the hub URL)"));
        }
        String body = excerpt(response.body());
        return s.append(body.isEmpty() ? " with an empty body" : ": " + body).toString();
    }

    static String excerpt(String body) {
        String flat = body == null ? "" : body.replaceAll("\\s+", " ").trim();
        return flat.length() <= EXCERPT_CHARS ? flat : flat.substring(0, EXCERPT_CHARS) + "…";
    }

    private static boolean isConnectFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The most specific words in the cause chain. The JDK 17 client loses the operating system's
     * words for a refused connection (it retries once and reports the closed channel, all without
     * messages), so a message-less {@code ConnectException} is reported as refused.
     */
    private static String cause(Throwable e, URI target) {
        String words = null;
        boolean connect = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return "the host name " + target.getHost() + " does not resolve";
            }
            connect |= t instanceof ConnectException;
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                words = t.getMessage();
            }
        }
        if (words == null || words.equalsIgnoreCase("Connection refused")) {
            return connect ? "connection refused" : e.getClass().getSimpleName();
        }
        return words;
    }

    private static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
