package dev.fedchat.protocol.discovery;

import java.net.URI;
import java.util.Optional;

/**
 * Where discovery turns when DNS has no usable answer (federation-protocol.md §5): every server
 * asks the hub, whatever its own discovery method.
 */
public interface HubFallback {

    /** No hub configured: discovery says so instead of failing silently. */
    HubFallback NONE = new HubFallback() {
        @Override
        public Optional<URI> hub() {
            return Optional.empty();
        }

        @Override
        public HubEntry find(String domain) {
            throw new IllegalStateException("no hub is configured");
        }
    };

    /** The hub asked, or empty when none is configured. */
    Optional<URI> hub();

    /** The hub's entry for a domain; any exception's message says why there is none. */
    HubEntry find(String domain);

    /** What a hub knows of a peer: its registered site URL and key. */
    record HubEntry(String url, String publicKeyPem) {}
}
