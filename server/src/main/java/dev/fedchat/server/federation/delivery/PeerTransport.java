package dev.fedchat.server.federation.delivery;

import dev.fedchat.server.federation.transport.PeerCallException;
import java.util.List;

/**
 * Sends one batch of events to a peer: {@code POST <peer>/api/v1/federation.events.dispatch}
 * with {@code {"events":[...]}}, double-encrypted (federation-protocol.md §6). The delivery queues
 * see only this interface, so their tests can stand in for the network.
 *
 * <p>Implementations are thread-safe; the queues call them from their own threads, at most one
 * call per domain at a time.
 */
public interface PeerTransport {

    /**
     * Delivers the events, in order, as one request. Returns normally when the peer answered
     * success; throws {@link PeerCallException}, classified, otherwise.
     *
     * @param wireEvents each event exactly as stored in {@code federation_events.wire} (EJSON text)
     */
    void dispatch(String domain, List<String> wireEvents) throws PeerCallException;
}
