package dev.fedchat.server.federation.delivery;

/**
 * One queued event for one destination, with the event as sent.
 *
 * @param wire the event's stored EJSON, or null when the event no longer exists (its room was
 *             deleted with rows still queued): such a row has nothing to send
 */
record OutboxRow(long seq, String eventId, String wire) {}
