package dev.fedchat.server.api.peer;

import dev.fedchat.server.api.json.StorableText;
import dev.fedchat.server.error.RcException;
import dev.fedchat.server.federation.events.EventGaps;
import dev.fedchat.server.federation.events.InboundEvents;
import dev.fedchat.server.federation.transport.Inbound;
import dev.fedchat.server.federation.transport.InboundRequests;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.Map;

/**
 * {@code POST /api/v1/federation.events.dispatch} (federation-protocol.md §6): a peer's sealed
 * batch of events. The sender is proven by {@link InboundRequests}, the events applied by
 * {@link InboundEvents} (once the sender's budget admits it, {@link PeerRateLimits}); the answer is Rocket.Chat's {@code {"success":true}} or its error body.
 */
public final class PeerEventRoutes {
    /**
     * Largest sealed body accepted: a sealed body is the JSON of a byte array, about 3.6 characters
     * per plaintext byte, so 16 MiB carry a batch of some 4 MiB of events.
     */
    public static final long MAX_BODY_BYTES = 16L * 1024 * 1024;

    private final InboundRequests inbound;
    private final InboundEvents events;
    private final EventGaps gaps;
    private final PeerRateLimits limits;

    public PeerEventRoutes(InboundRequests inbound, InboundEvents events, EventGaps gaps, PeerRateLimits limits) {
        this.limits = limits;
        this.inbound = inbound;
        this.events = events;
        this.gaps = gaps;
    }

    public void install(JavalinConfig config) {
        config.routes.post("/api/v1/federation.events.dispatch", this::dispatch);
        config.routes.post("/api/v1/federation.events.requestFromLatest", this::requestFromLatest);
    }

    /** A peer lacks events of a room: they are queued for it, and the answer does not wait for them. */
    private void requestFromLatest(Context ctx) {
        Inbound proven = open(ctx);
        gaps.answer(proven.domain(), proven.body());
        ctx.json(Map.of("success", true));
    }

    private void dispatch(Context ctx) {
        Inbound proven = open(ctx);
        events.receive(proven.domain(), proven.body());
        ctx.json(Map.of("success", true));
    }

    private Inbound open(Context ctx) {
        inbound.requireEnabled();
        long length = ctx.contentLength();
        if (length > MAX_BODY_BYTES) {
            throw new RcException(413, null, "The body is " + length + " bytes; a dispatch may carry at most " + MAX_BODY_BYTES);
        }
        byte[] raw = ctx.bodyAsBytes();
        if (raw.length > MAX_BODY_BYTES) {
            throw new RcException(413, null, "The body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        Inbound proven = inbound.open(PeerRequests.of(ctx, raw));
        limits.chargeProven(ctx, proven.domain());
        // the sealed body is the edge of a peer's request: its texts pass the one check every edge makes
        StorableText.require("the federation body", proven.body());
        return proven;
    }
}
