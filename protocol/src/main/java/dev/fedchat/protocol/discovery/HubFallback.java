package dev.fedchat.protocol.discovery;

import dev.fedchat.protocol.hub.HubPeer;
import java.util.Optional;

/**
 * Where discovery turns when DNS has no usable answer (federation-protocol.md §5): every server
 * asks the hub, whatever its own discovery method.
 */
public interface HubFallback {

    /** No hub configured: discovery says so instead of failing silently. */
    HubFallback NONE = new HubFallback() {
        @Override
        public Optional<String> hub() {
            return Optional.empty();
        }

        @Override
        public HubPeer find(String domain) {
            throw new IllegalStateException("no hub is configured");
        }
    };

    /** The hub asked, as configured (for messages), or empty when none is. */
    Optional<String> hub();

    /** The hub's entry for a domain; any exception's message says why there is none. */
    HubPeer find(String domain);
}
