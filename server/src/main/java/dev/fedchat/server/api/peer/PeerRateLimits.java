package dev.fedchat.server.api.peer;

import dev.fedchat.protocol.net.ClientAddress;
import dev.fedchat.server.error.RcException;
import dev.fedchat.server.federation.transport.PeerRateLimiter;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;

/**
 * Rate limits on the server-to-server endpoints (issue 4 §2, issue 12 §6), charged to the party
 * that is known to be calling:
 * <ul>
 *   <li>every request, before any work (a body is opened only after), to its <em>calling
 *       address</em>: nothing else about it is known yet;</li>
 *   <li>a request that proved its sender (its body opened with the sender's key, or its
 *       fedchat proof checked), also to that <em>domain</em>, through {@link #chargeProven}.</li>
 * </ul>
 * The domain named in the header is not charged before it is proven: junk sent under a real
 * peer's name spends the sender's address budget, never that peer's. Refusals are 429 with
 * {@code Retry-After} and a sentence saying who is limited.
 */
public final class PeerRateLimits {
    private static final List<String> PATHS = List.of("/api/v1/federation.events.dispatch",
            "/api/v1/federation.events.requestFromLatest", "/api/v1/federation.users.search",
            "/api/v1/federation.users.getByUsername", "/api/v1/federation.uploads", "/api/v1/federation.channels.search",
            "/api/v1/federation.channels.join", PeerEphemeralRoutes.PATH);

    private final PeerRateLimiter byDomain;
    private final PeerRateLimiter byAddress;

    public PeerRateLimits(PeerRateLimiter byDomain, PeerRateLimiter byAddress) {
        this.byDomain = byDomain;
        this.byAddress = byAddress;
    }

    public void install(RoutesConfig routes) {
        for (String path : PATHS) {
            routes.before(path, this::checkAddress);
        }
    }

    /** Charges a request whose sender {@code domain} is proven to that domain's budget; 429 when spent. */
    public void chargeProven(Context ctx, String domain) {
        refuseIfWaiting(ctx, byDomain.take("domain:" + domain), domain);
    }

    private void checkAddress(Context ctx) {
        String client = ClientAddress.of(ctx.ip());
        refuseIfWaiting(ctx, byAddress.take("address:" + client), "the address " + client);
    }

    private static void refuseIfWaiting(Context ctx, long waitMillis, String who) {
        if (waitMillis > 0) {
            long seconds = Math.max(1, (waitMillis + 999) / 1000);
            ctx.header("Retry-After", String.valueOf(seconds));
            throw new RcException(429, "error-too-many-requests", "Too many federation requests from " + who
                    + "; try again in " + seconds + " s");
        }
    }
}
