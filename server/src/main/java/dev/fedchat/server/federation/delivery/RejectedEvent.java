package dev.fedchat.server.federation.delivery;

import java.time.Instant;

/**
 * An event a peer refused (HTTP 400, 413 or 422), set aside in {@code federation_rejected} so the
 * rest of its queue could go on: the admin sees why, and may send it again once the peer is fixed.
 *
 * @param reason the peer's answer, as its queue recorded it
 */
public record RejectedEvent(String eventId, String reason, Instant rejectedAt) {}
