package dev.fedchat.server.api.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fedchat.server.api.json.BoundedBody;
import dev.fedchat.server.api.json.StorableText;
import dev.fedchat.server.error.RcException;
import dev.fedchat.server.federation.ephemeral.EphemeralReceiver;
import dev.fedchat.server.federation.ephemeral.EphemeralSender;
import dev.fedchat.server.federation.transport.FederationClient;
import dev.fedchat.server.federation.transport.InboundRequests;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Map;

/**
 * {@code POST /api/v1/federation.ephemeral}: fedchat's own endpoint for what is never stored —
 * a peer's users' presence changes and typing in shared rooms ({@link EphemeralReceiver}). Only for
 * signing peers: the request must carry a valid {@code x-fedchat-proof} (the body is plain JSON,
 * its digest signed), so an unsigned request, a Rocket.Chat peer's or a stranger's, gets a 403
 * and nothing. Charged to the calling address, then to the proven domain ({@link PeerRateLimits}).
 */
public final class PeerEphemeralRoutes {
    public static final String PATH = "/api/v1/" + EphemeralSender.METHOD;
    /** One event is a few hundred bytes; anything much larger is not one of ours. */
    static final int MAX_BODY_BYTES = 16 * 1024;

    private final InboundRequests inbound;
    private final EphemeralReceiver receiver;
    private final PeerRateLimits limits;
    private final ObjectMapper json;

    public PeerEphemeralRoutes(InboundRequests inbound, EphemeralReceiver receiver, PeerRateLimits limits, ObjectMapper json) {
        this.inbound = inbound;
        this.receiver = receiver;
        this.limits = limits;
        this.json = json;
    }

    public void install(RoutesConfig routes) {
        routes.post(PATH, this::receive);
    }

    private void receive(Context ctx) {
        inbound.requireEnabled();
        byte[] raw = BoundedBody.read(ctx, MAX_BODY_BYTES, "An ephemeral event");
        String domain = inbound.claimedDomain(ctx.header(FederationClient.DOMAIN_HEADER));
        if (!inbound.proven(domain, PeerRequests.of(ctx, raw))) {
            throw new RcException(403, "forbidden", "Ephemeral events are taken only from fedchat servers that sign their"
                    + " requests (x-fedchat-proof); this request claiming " + domain + " is not signed");
        }
        limits.chargeProven(ctx, domain);
        JsonNode event;
        try {
            event = json.readTree(raw);
        } catch (IOException e) {
            throw new RcException(400, "error-invalid-params", "The ephemeral event is not JSON");
        }
        if (event == null || !event.isObject()) {
            throw new RcException(400, "error-invalid-params", "An ephemeral event is a JSON object");
        }
        StorableText.require("the ephemeral event", event);
        receiver.receive(domain, event);
        ctx.json(Map.of("success", true));
    }
}
