package dev.fedchat.server.api.peer;

import dev.fedchat.server.error.RcException;
import dev.fedchat.server.federation.transport.FederationClient;
import dev.fedchat.server.federation.transport.InboundRequests;
import dev.fedchat.server.federation.users.UserNormalizer;
import dev.fedchat.server.user.User;
import dev.fedchat.server.user.UserService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The user lookups peers make (federation-protocol.md §6), stricter than Rocket.Chat (issue 4 §2):
 * <ul>
 *   <li>{@code GET /api/v1/federation.users.search?username=<u>&domain=<d>} →
 *       {@code {users:[<normalised user>…]}}: local users (a deactivated one with
 *       {@code active: false}, so it shows as inactive there) whose username is {@code u}
 *       (ignoring case) or whose display name is exactly {@code u}. Rocket.Chat also matched the
 *       real e-mail {@code u@d}, which let anyone on the Internet ask whether an address has an
 *       account here; {@code domain} is therefore not used.</li>
 *   <li>{@code GET /api/v1/federation.users.getByUsername?username=<u>} → {@code {user}} (with its
 *       {@code active} flag), or 400 when there is no such local user.</li>
 * </ul>
 * Only users of this server are answered, never the copies of other servers' users, and never a
 * real e-mail ({@link UserNormalizer}). Nothing is written on a lookup. Like every
 * server-to-server endpoint they answer {@code Federation not enabled} first while federation is
 * off. They are GETs without a body to decrypt: a Rocket.Chat caller cannot be proven, and its
 * {@code x-federation-domain} header is not required. A fedchat caller signs
 * ({@code RequestProof}); its proof is checked, and only then is the request charged to its domain
 * ({@link PeerRateLimits}). Nothing here depends on who asks.
 */
public final class PeerUserRoutes {
    private final InboundRequests inbound;
    private final UserService users;
    private final UserNormalizer normalizer;
    private final PeerRateLimits limits;

    public PeerUserRoutes(InboundRequests inbound, UserService users, UserNormalizer normalizer, PeerRateLimits limits) {
        this.limits = limits;
        this.inbound = inbound;
        this.users = users;
        this.normalizer = normalizer;
    }

    public void install(RoutesConfig routes) {
        routes.get("/api/v1/federation.users.search", this::search);
        routes.get("/api/v1/federation.users.getByUsername", this::getByUsername);
    }

    private void search(Context ctx) {
        admit(ctx);
        String username = required(ctx, "username");
        List<Map<String, Object>> found = users.findLocalForPeers(username).stream().map(normalizer::normalize).toList();
        ok(ctx, "users", found);
    }

    private void getByUsername(Context ctx) {
        admit(ctx);
        String username = required(ctx, "username");
        User user = users.byUsername(username).filter(u -> !u.isRemote())
                .orElseThrow(() -> RcException.invalid("error-federation-user-not-found", "There is no user " + username
                        + " on this server"));
        ok(ctx, "user", normalizer.normalize(user));
    }

    /** Checks a fedchat caller's proof, if the request names a caller, and charges its domain once proven. */
    private void admit(Context ctx) {
        inbound.requireEnabled();
        String header = ctx.header(FederationClient.DOMAIN_HEADER);
        if (header == null || header.isBlank()) {
            return;
        }
        String domain = inbound.claimedDomain(header);
        if (inbound.proven(domain, PeerRequests.of(ctx, new byte[0]))) {
            limits.chargeProven(ctx, domain);
        }
    }

    private static String required(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            throw RcException.invalidParams("The query parameter '" + name + "' is required");
        }
        return value.strip();
    }

    private static void ok(Context ctx, String key, Object value) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(key, value);
        body.put("success", true);
        ctx.json(body);
    }
}
