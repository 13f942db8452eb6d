package dev.fedchat.server.federation.events;

/**
 * A peer's event about a room this server does not hold. Not a refusal: Rocket.Chat sends only
 * {@code room_add_user} to a server joining a room, expecting it to ask for the rest
 * ({@code requestFromLatest}, federation-protocol.md §7.5), so the batch's events of that room are
 * skipped and the origin is asked.
 */
final class UnknownRoomException extends RuntimeException {
    UnknownRoomException(FederationEvent e) {
        super("event " + e.id() + " is about room " + e.roomId() + ", which this server does not have", null, false, false);
    }
}
