package dev.fedchat.server.federation.transport;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.protocol.crypto.FederationBody;
import dev.fedchat.protocol.crypto.PayloadException;
import dev.fedchat.protocol.discovery.DnsRecordsException;
import dev.fedchat.protocol.discovery.FederationDomain;
import dev.fedchat.protocol.discovery.Peer;
import dev.fedchat.protocol.discovery.PeerCache;
import dev.fedchat.protocol.discovery.PeerNotFoundException;
import dev.fedchat.server.error.RcException;
import dev.fedchat.server.federation.settings.FederationSettings;
import dev.fedchat.server.federation.settings.ServerKeys;
import dev.fedchat.server.settings.SettingsService;
import java.nio.charset.StandardCharsets;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.fedchat.protocol.time.ClockTicker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proves who sent a server-to-server request (federation-protocol.md §3.3, stricter): the
 * {@code x-federation-domain} header names a domain, discovery gives its key, and only that key
 * (with ours) opens the body. Rocket.Chat skipped decryption for a request claiming its own
 * domain, so anyone could post plain events as it; here such a request from the network is
 * refused — our own events never travel over HTTP. A body that does not open is tried once more
 * with a freshly looked-up key, so a peer's key rotation costs one lookup, not an hour of refusals.
 *
 * <p>A fedchat peer also signs each request ({@link RequestProof}): a proof must be valid, fresh,
 * for us and new ({@link SeenNonces}), or nothing is done; once a domain has signed, its unsigned
 * requests are refused ({@link SigningPeers}), so its captured requests cannot be replayed with
 * the proof stripped. Rocket.Chat peers never sign and are judged as before.
 *
 * <p>Every refusal is an {@link RcException} with Rocket.Chat's error text where one exists
 * ({@code Federation not enabled}, {@code Could not decrypt payload}). Thread-safe.
 */
public final class InboundRequests {
    private static final Logger log = LoggerFactory.getLogger(InboundRequests.class);

    private final PeerCache peers;
    private final FederationBody body;
    private final ServerKeys keys;
    private final SettingsService settings;
    private final FederationClient client;
    private final SeenNonces nonces;
    private final SigningPeers signingPeers;
    private final Clock clock;
    private final List<Consumer<String>> verifiedListeners = new CopyOnWriteArrayList<>();
    /**
     * Domains whose key was looked up afresh in the last {@link #REFRESH_INTERVAL}: a request that does
     * not verify makes us drop a peer's cached key and ask DNS again (it may have rotated), but a
     * stranger sending junk under a peer's name must not make us do that per request, nor keep the
     * peer's key out of the cache (issue 12 §4).
     */
    private final Cache<String, Boolean> refreshed;
    static final Duration REFRESH_INTERVAL = Duration.ofSeconds(30);

    public InboundRequests(PeerCache peers, FederationBody body, ServerKeys keys, SettingsService settings,
                           FederationClient client, SeenNonces nonces, SigningPeers signingPeers, Clock clock) {
        this.peers = peers;
        this.body = body;
        this.keys = keys;
        this.settings = settings;
        this.client = client;
        this.nonces = nonces;
        this.signingPeers = signingPeers;
        this.clock = clock;
        this.refreshed = Caffeine.newBuilder().ticker(ClockTicker.of(clock)).expireAfterWrite(REFRESH_INTERVAL)
                .maximumSize(10_000).build();
    }

    /** Told the domain of every proven request: a peer that talks to us is up (wakes its queue). */
    public void onVerifiedPeer(Consumer<String> listener) {
        verifiedListeners.add(listener);
    }

    /** Every server-to-server endpoint answers this first while federation is off (§6). */
    public void requireEnabled() {
        if (!settings.bool(FederationSettings.ENABLED)) {
            throw new RcException(400, null, "Federation not enabled");
        }
    }

    /** The claimed sender of a request, checked for syntax and refused when it is our own domain. */
    public String claimedDomain(String header) {
        requireEnabled();
        if (header == null || header.isBlank()) {
            throw new RcException(400, null, "The " + FederationClient.DOMAIN_HEADER + " header is missing: say which server is calling");
        }
        String domain;
        try {
            domain = FederationDomain.parse(header).name();
        } catch (DnsRecordsException e) {
            throw new RcException(400, null, "The " + FederationClient.DOMAIN_HEADER + " header is not a domain: " + e.getMessage());
        }
        if (domain.equals(client.ownDomain())) {
            log.warn("Refused a federation request from the network that claims this server's own domain {}", domain);
            throw new RcException(400, null, "A request from the network cannot come from this server's own domain " + domain);
        }
        return domain;
    }

    /**
     * Opens a sealed POST body from the domain in the header; the result's sender is proven. Its
     * proof, if any, is checked first: that costs one signature check, the body's opening far more.
     */
    public Inbound open(PeerRequest request) {
        String domain = claimedDomain(request.domainHeader());
        RequestProof proof = checkProof(domain, request);
        String rawBody = new String(request.body(), StandardCharsets.UTF_8);
        JsonNode opened;
        try {
            opened = openWith(find(domain, false), rawBody);
        } catch (PayloadException first) {
            if (first.reason() != PayloadException.Reason.WRONG_KEY_OR_TAMPERED) {
                throw new RcException(400, null, "Could not decrypt payload: " + first.getMessage());
            }
            try {
                // the key we hold may be stale: the peer may have rotated it
                opened = openWith(find(domain, true), rawBody);
            } catch (PayloadException again) {
                log.warn("Refused a federation request claiming {}: its body does not open with that domain's key ({})",
                        domain, again.getMessage());
                throw new RcException(400, null, "Could not decrypt payload");
            }
        }
        accepted(domain, request, proof);
        return new Inbound(domain, opened);
    }

    /**
     * Checks fedchat's {@link RequestProof} on an unsigned (GET) request from {@code domain}: true
     * when present and valid, false when absent from a domain that never signed (a Rocket.Chat
     * peer); anything else is refused with 403.
     */
    public boolean proven(String domain, PeerRequest request) {
        RequestProof proof = checkProof(domain, request);
        if (proof == null) {
            return false;
        }
        accepted(domain, request, proof);
        return true;
    }

    /** The request's valid proof, or null when it has none and {@code domain} never signed; else refused. */
    private RequestProof checkProof(String domain, PeerRequest request) {
        String header = request.proofHeader();
        if (header == null || header.isBlank()) {
            Instant since = signingPeers.signingSince(domain).orElse(null);
            if (since != null) {
                throw refused(domain, request, "it is not signed, and " + domain + " has signed its requests since " + since
                        + ": a captured request replayed without its proof, or " + domain + " now runs software that does"
                        + " not sign (then its row in federation_signing_peers is to be deleted)");
            }
            return null;
        }
        RequestProof proof = RequestProof.parse(header);
        if (proof == null) {
            throw refused(domain, request, "its " + RequestProof.HEADER + " header is not a fedchat proof (v=2)");
        }
        long now = clock.millis();
        if (!proof.freshAt(now)) {
            throw refused(domain, request, "its proof was made at " + Instant.ofEpochMilli(proof.at()) + ", more than "
                    + RequestProof.MAX_SKEW_MILLIS / 60_000 + " minutes from this server's time " + Instant.ofEpochMilli(now)
                    + ": a replay, or one of the two servers' clocks is wrong");
        }
        if (!proof.destination().equals(client.ownDomain())) {
            throw refused(domain, request, "its proof is for " + proof.destination() + ", not for this server ("
                    + client.ownDomain() + "): a request captured on its way elsewhere");
        }
        RequestProof.Signed signed = new RequestProof.Signed(domain, proof.destination(), request.method(), request.path(),
                request.query(), request.body());
        if (!proof.signs(find(domain, false).publicKey(), signed) && !proof.signs(find(domain, true).publicKey(), signed)) {
            throw refused(domain, request, "its proof is not a signature of this request by the key of " + domain);
        }
        if (nonces.seen(domain, proof.nonce())) {
            throw refused(domain, request, "its proof was accepted once already: a replay");
        }
        return proof;
    }

    /** The request proved itself: its nonce is spent, its domain known to sign, the listeners told. */
    private void accepted(String domain, PeerRequest request, RequestProof proof) {
        if (proof != null) {
            if (!nonces.accept(domain, proof.nonce())) {
                throw refused(domain, request, "its proof was accepted once already: a replay");
            }
            signingPeers.record(domain);
        }
        verifiedListeners.forEach(l -> l.accept(domain));
    }

    private static RcException refused(String domain, PeerRequest request, String why) {
        log.warn("Refused {} {} claiming {}: {}", request.method(), request.path(), domain, why);
        return new RcException(403, "forbidden", "Refused a request claiming " + domain + ": " + why);
    }

    private Peer find(String domain, boolean fresh) {
        if (fresh && refreshed.asMap().putIfAbsent(domain, Boolean.TRUE) == null) {
            peers.forget(domain);
        }
        try {
            return peers.find(domain);
        } catch (PeerNotFoundException e) {
            throw new RcException(400, null, "Could not decrypt payload: the sending server " + domain
                    + " could not be found to check its key (" + e.attempts().size() + " lookups failed)");
        }
    }

    private JsonNode openWith(Peer peer, String rawBody) {
        return body.open(rawBody, peer.publicKey(), keys.privateKey());
    }
}
