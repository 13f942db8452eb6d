package dev.fedchat.server.federation.delivery;

/** A destination's stored delivery state; times are epoch milliseconds, null when never. */
record PeerRow(String domain, long pending, int failures, Long nextAttemptAt, Long lastSuccessAt, String lastError,
               Long lastErrorAt, Long failingSince, long eventsOut, long eventsIn, long eventsRejected) {}
