package dev.fedchat.server.federation.delivery;

import dev.fedchat.server.federation.transport.PeerCallException;
import java.util.List;

/**
 * Sends one batch of events to a peer: {@code POST <peer>/api/v1/federation.events.dispatch}
 * with {@code {"events":[...]}}, double-encrypted (federation-protocol.md §6). The delivery queues
 * see only this interface, so their tests can stand in for the network.
 *
 * <p>Implementations are thread-safe; the queues call them from their own threads, at most one
 * request per domain in flight at a time. A queue may {@link #prepare} its next batch on another
 * thread while the current one is in flight.
 */
public interface PeerTransport {

    /**
     * Delivers the events, in order, as one request. Returns normally when the peer answered
     * success; throws {@link PeerCallException}, classified, otherwise.
     *
     * @param wireEvents each event exactly as stored in {@code federation_events.wire} (EJSON text)
     */
    void dispatch(String domain, List<String> wireEvents) throws PeerCallException;

    /**
     * Does the part of {@link #dispatch} that needs no answer from the peer (over HTTP: find the
     * peer and seal the body) and returns the request, ready to send. The default does nothing
     * ahead: all the work happens when the request is sent.
     *
     * @throws PeerCallException as {@link #dispatch} would, for the part done here (the peer not found)
     */
    default Prepared prepare(String domain, List<String> wireEvents) throws PeerCallException {
        return () -> dispatch(domain, wireEvents);
    }

    /** A batch ready to go; the queue sends it at most once, or drops it unsent. */
    interface Prepared {
        /** As {@link PeerTransport#dispatch}: returns when the peer accepted the batch, throws otherwise. */
        void send() throws PeerCallException;
    }
}
