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
import java.util.List;
import java.util.Map;
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
    private final List<Consumer<String>> verifiedListeners = new CopyOnWriteArrayList<>();

    public InboundRequests(PeerCache peers, FederationBody body, ServerKeys keys, SettingsService settings,
                           FederationClient client) {
        this.peers = peers;
        this.body = body;
        this.keys = keys;
        this.settings = settings;
        this.client = client;
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

    /** Opens a sealed POST body from the domain in the header; the result's sender is proven. */
    public Inbound open(String header, String rawBody) {
        String domain = claimedDomain(header);
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
        verifiedListeners.forEach(l -> l.accept(domain));
        return new Inbound(domain, opened);
    }

    /**
     * Checks fedchat's {@link RequestProof} on an unsigned request from {@code domain}: true when
     * present and valid, false when absent (a Rocket.Chat peer); a present but invalid proof is
     * refused, trying a fresh key once.
     */
    public boolean proven(String domain, String proofHeader, String method, Map<String, String> query) {
        if (proofHeader == null || proofHeader.isBlank()) {
            return false;
        }
        long now = System.currentTimeMillis();
        if (RequestProof.verify(find(domain, false).publicKey(), proofHeader, domain, method, query, now)
                || RequestProof.verify(find(domain, true).publicKey(), proofHeader, domain, method, query, now)) {
            verifiedListeners.forEach(l -> l.accept(domain));
            return true;
        }
        log.warn("Refused a {} request claiming {}: its proof is not that domain's signature, or is stale", method, domain);
        throw new RcException(403, "forbidden", "The request's proof does not match the key of " + domain);
    }

    private Peer find(String domain, boolean fresh) {
        if (fresh) {
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
