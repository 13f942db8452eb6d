package dev.fedchat.server.federation.delivery;

import dev.fedchat.server.federation.transport.PeerCallException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link PeerTransport} whose peers answer as the test says: up (accept), down (a transient
 * failure), untrusting, or refusing some events. It records every request as the list of event
 * ids it carried, and every batch prepared (sealed, for HTTP) as its ids; preparing does nothing
 * else, all happens on the send. Thread-safe.
 */
final class ScriptedTransport implements PeerTransport {
    private static final Pattern ID = Pattern.compile("\"_id\":\"([^\"]+)\"");

    /** What a peer does with a request. */
    interface Peer {
        /** Throws to fail the request; returns to accept it. */
        void answer(List<String> eventIds) throws PeerCallException;
    }

    static final Peer UP = ids -> { };
    static final Peer DOWN = ids -> {
        throw new PeerCallException(PeerCallException.Kind.TRANSIENT, "POST http://peer/api/v1/federation.events.dispatch: connection refused");
    };
    static final Peer UNTRUSTING = ids -> {
        throw new PeerCallException(PeerCallException.Kind.UNTRUSTED, "answered HTTP 400: Could not decrypt payload");
    };

    /**
     * Holds the request until {@code latch} opens, as a peer slow to answer; interrupted (the
     * queues closing), it fails as a lost connection would.
     */
    static void holdUntil(CountDownLatch latch) throws PeerCallException {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerCallException(PeerCallException.Kind.TRANSIENT, "interrupted", e);
        }
    }

    /** Refuses any request that carries one of {@code refused}, accepts the others. */
    static Peer refusing(Set<String> refused) {
        return ids -> {
            for (String id : ids) {
                if (refused.contains(id)) {
                    throw new PeerCallException(PeerCallException.Kind.REJECTED, "answered HTTP 400: unknown event type in " + id);
                }
            }
        };
    }

    private final Map<String, Peer> peers = new ConcurrentHashMap<>();
    private final List<Request> requests = new ArrayList<>();
    private final List<Request> prepared = new ArrayList<>();

    ScriptedTransport set(String domain, Peer peer) {
        peers.put(domain, peer);
        return this;
    }

    @Override
    public void dispatch(String domain, List<String> wireEvents) throws PeerCallException {
        List<String> ids = wireEvents.stream().map(ScriptedTransport::idOf).toList();
        synchronized (this) {
            requests.add(new Request(domain, ids));
        }
        peers.getOrDefault(domain, UP).answer(ids);
    }

    @Override
    public Prepared prepare(String domain, List<String> wireEvents) {
        List<String> ids = wireEvents.stream().map(ScriptedTransport::idOf).toList();
        synchronized (this) {
            prepared.add(new Request(domain, ids));
        }
        return () -> dispatch(domain, wireEvents);
    }

    /** The batches prepared for one domain, each as its event ids, whether sent or not. */
    synchronized List<List<String>> preparedFor(String domain) {
        return prepared.stream().filter(r -> r.domain().equals(domain)).map(Request::eventIds).toList();
    }

    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The requests to one domain, each as its event ids. */
    synchronized List<List<String>> requestsTo(String domain) {
        return requests.stream().filter(r -> r.domain().equals(domain)).map(Request::eventIds).toList();
    }

    synchronized void clear() {
        requests.clear();
        prepared.clear();
    }

    private static String idOf(String wire) {
        Matcher m = ID.matcher(wire);
        if (!m.find()) {
            throw new IllegalArgumentException("not an event of the test: " + wire);
        }
        return m.group(1);
    }

    record Request(String domain, List<String> eventIds) {}
}
