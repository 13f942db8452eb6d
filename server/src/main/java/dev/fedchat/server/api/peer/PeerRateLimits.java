package dev.fedchat.server.api.peer;

import dev.fedchat.server.error.RcException;
import dev.fedchat.server.federation.transport.FederationClient;
import dev.fedchat.server.federation.transport.PeerRateLimiter;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;

/**
 * Per-peer rate limits on the server-to-server endpoints (issue 4 §2), checked before any work:
 * by claimed domain and by calling address, so neither a flood under one name nor one address
 * cycling names gets through. Refusals are 429 with {@code Retry-After} and a sentence saying who
 * is limited.
 */
public final class PeerRateLimits {
    private static final List<String> PATHS = List.of("/api/v1/federation.events.dispatch",
            "/api/v1/federation.events.requestFromLatest", "/api/v1/federation.users.search",
            "/api/v1/federation.users.getByUsername", "/api/v1/federation.uploads");

    private final PeerRateLimiter byDomain;
    private final PeerRateLimiter byAddress;

    public PeerRateLimits(PeerRateLimiter byDomain, PeerRateLimiter byAddress) {
        this.byDomain = byDomain;
        this.byAddress = byAddress;
    }

    public void install(RoutesConfig routes) {
        for (String path : PATHS) {
            routes.before(path, this::check);
        }
    }

    private void check(Context ctx) {
        String claimed = ctx.header(FederationClient.DOMAIN_HEADER);
        String domain = claimed == null ? "" : claimed.strip().toLowerCase(Locale.ROOT);
        long wait = byDomain.take("domain:" + domain);
        String who = domain.isEmpty() ? "this address" : domain;
        if (wait == 0) {
            wait = byAddress.take("address:" + ctx.ip());
            who = "the address " + ctx.ip();
        }
        if (wait > 0) {
            ctx.header("Retry-After", String.valueOf(Math.max(1, (wait + 999) / 1000)));
            throw new RcException(429, "error-too-many-requests", "Too many federation requests from " + who
                    + "; try again in " + Math.max(1, (wait + 999) / 1000) + " s");
        }
    }
}
