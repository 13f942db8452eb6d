package dev.fedchat.server.federation.transport;

import dev.fedchat.server.federation.delivery.PeerTransport;
import java.util.List;

/**
 * {@link PeerTransport} over HTTP: one sealed {@code federation.events.dispatch} request per
 * batch. {@link #prepare} seals (the CPU-heavy part), the returned request only POSTs.
 */
public final class HttpPeerTransport implements PeerTransport {
    private static final String DISPATCH = "federation.events.dispatch";

    private final FederationClient client;

    public HttpPeerTransport(FederationClient client) {
        this.client = client;
    }

    @Override
    public void dispatch(String domain, List<String> wireEvents) throws PeerCallException {
        prepare(domain, wireEvents).send();
    }

    @Override
    public Prepared prepare(String domain, List<String> wireEvents) throws PeerCallException {
        // the events are stored as JSON text already: joining them avoids a parse and a re-write
        FederationClient.SealedPost post = client.seal(domain, DISPATCH, "{\"events\":[" + String.join(",", wireEvents) + "]}");
        return () -> client.send(post);
    }
}
