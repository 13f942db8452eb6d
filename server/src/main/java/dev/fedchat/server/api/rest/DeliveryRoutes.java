package dev.fedchat.server.api.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fedchat.server.auth.AuthService;
import dev.fedchat.server.error.RcException;
import dev.fedchat.server.federation.delivery.DeliveryQueues;
import dev.fedchat.server.federation.delivery.PeerDelivery;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The admin's view of federation deliveries (issue 4 §5); not part of Rocket.Chat, which had no
 * delivery state to show (federation-protocol.md §9.1). Admins only.
 *
 * <ul>
 *   <li>{@code GET /api/v1/federation.deliveries}: {@code peers}, one per destination, with
 *       {@code domain, health, pending, failures, lastSuccessAt, lastError, lastErrorAt, nextAttemptAt,
 *       failingSince, eventsOut, eventsIn, eventsRejected} (dates ISO-8601 or null; {@code health}
 *       is {@code healthy|failing|idle}, {@link PeerDelivery#health()}).</li>
 *   <li>{@code POST /api/v1/federation.deliveries.retry {"domain": ...}}: forgets the peer's
 *       backoff and sends its queue now.</li>
 *   <li>{@code GET /api/v1/federation.deliveries.rejected?domain=...}: {@code events}, the events
 *       the peer refused ({@code eventId, reason, rejectedAt}), oldest first, at most 100.</li>
 *   <li>{@code POST /api/v1/federation.deliveries.resend {"domain": ...}}: queues them again,
 *       behind what is queued, and sends now; answers {@code requeued}.</li>
 * </ul>
 *
 * <p>Installed by the composition root beside {@link RestApi}, whose error mapping renders its
 * failures.
 */
public final class DeliveryRoutes {
    private static final int MAX_REJECTED_SHOWN = 100;

    private final DeliveryQueues deliveries;
    private final Auth auth;
    private final RequestReader reader;

    public DeliveryRoutes(AuthService authService, ObjectMapper json, DeliveryQueues deliveries) {
        this.deliveries = deliveries;
        this.auth = new Auth(authService);
        this.reader = new RequestReader(json);
    }

    public void install(RoutesConfig routes) {
        routes.get("/api/v1/federation.deliveries", this::list);
        routes.post("/api/v1/federation.deliveries.retry", this::retry);
        routes.get("/api/v1/federation.deliveries.rejected", this::rejected);
        routes.post("/api/v1/federation.deliveries.resend", this::resend);
    }

    private void list(Context ctx) {
        auth.requireAdmin(ctx);
        Replies.ok(ctx, Replies.of("peers", deliveries.peers().stream().map(DeliveryRoutes::view).toList()));
    }

    private void retry(Context ctx) {
        auth.requireAdmin(ctx);
        String domain = reader.body(ctx).string("domain");
        if (!deliveries.retryNow(domain)) {
            throw RcException.invalidParams("There are no deliveries to " + domain + ": nothing was ever queued for it");
        }
        Replies.ok(ctx, Replies.of("domain", domain));
    }

    private void rejected(Context ctx) {
        auth.requireAdmin(ctx);
        String domain = ctx.queryParam("domain");
        if (domain == null || domain.isBlank()) {
            throw RcException.invalidParams("The query parameter 'domain' is required");
        }
        Replies.ok(ctx, Replies.of("domain", domain, "events", deliveries.rejected(domain, MAX_REJECTED_SHOWN)));
    }

    private void resend(Context ctx) {
        auth.requireAdmin(ctx);
        String domain = reader.body(ctx).string("domain");
        Replies.ok(ctx, Replies.of("domain", domain, "requeued", deliveries.resendRejected(domain)));
    }

    private static Map<String, Object> view(PeerDelivery p) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("domain", p.domain());
        v.put("health", p.health().name().toLowerCase(Locale.ROOT));
        v.put("pending", p.pending());
        v.put("failures", p.failures());
        v.put("lastSuccessAt", p.lastSuccessAt());
        v.put("lastError", p.lastError());
        v.put("lastErrorAt", p.lastErrorAt());
        v.put("nextAttemptAt", p.nextAttemptAt());
        v.put("failingSince", p.failingSince());
        v.put("eventsOut", p.eventsOut());
        v.put("eventsIn", p.eventsIn());
        v.put("eventsRejected", p.eventsRejected());
        return v;
    }
}
