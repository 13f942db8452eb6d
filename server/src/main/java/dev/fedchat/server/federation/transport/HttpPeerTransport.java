package dev.fedchat.server.federation.transport;

import dev.fedchat.server.federation.delivery.PeerTransport;
import java.util.List;

/** {@link PeerTransport} over HTTP: one sealed {@code federation.events.dispatch} request per batch. */
public final class HttpPeerTransport implements PeerTransport {
    private final FederationClient client;

    public HttpPeerTransport(FederationClient client) {
        this.client = client;
    }

    @Override
    public void dispatch(String domain, List<String> wireEvents) throws PeerCallException {
        // the events are stored as JSON text already: joining them avoids a parse and a re-write
        client.post(domain, "federation.events.dispatch", "{\"events\":[" + String.join(",", wireEvents) + "]}");
    }
}
