package dev.fedchat.server.api.peer;

import dev.fedchat.server.federation.transport.FederationClient;
import dev.fedchat.server.federation.transport.PeerRequest;
import dev.fedchat.server.federation.transport.RequestProof;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A Javalin request as the {@link PeerRequest} that {@code InboundRequests} judges. */
final class PeerRequests {
    private PeerRequests() {}

    /** {@code ctx}'s request with {@code body} (already read, and bounded, by the caller; empty for a GET). */
    static PeerRequest of(Context ctx, byte[] body) {
        Map<String, String> query = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : ctx.queryParamMap().entrySet()) {
            if (!e.getValue().isEmpty()) {
                query.put(e.getKey(), e.getValue().get(0));
            }
        }
        return new PeerRequest(ctx.header(FederationClient.DOMAIN_HEADER), ctx.header(RequestProof.HEADER),
                ctx.method().name(), ctx.path(), query, body);
    }
}
