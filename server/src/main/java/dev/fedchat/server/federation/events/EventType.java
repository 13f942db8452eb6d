package dev.fedchat.server.federation.events;

import java.util.Arrays;
import java.util.Optional;

/**
 * The event types of Rocket.Chat's v2 federation (federation-protocol.md §7.2), by wire name, and
 * fedchat's own {@link #ROOM_UPDATE} and {@link #ROOM_PINS}.
 */
public enum EventType {
    GENESIS("genesis"),
    ROOM_DELETE("room_delete"),
    ROOM_ADD_USER("room_add_user"),
    ROOM_REMOVE_USER("room_remove_user"),
    ROOM_USER_LEFT("room_user_left"),
    ROOM_MESSAGE("room_message"),
    ROOM_EDIT_MESSAGE("room_edit_message"),
    ROOM_DELETE_MESSAGE("room_delete_message"),
    ROOM_SET_MESSAGE_REACTION("room_set_message_reaction"),
    ROOM_UNSET_MESSAGE_REACTION("room_unset_message_reaction"),
    ROOM_MUTE_USER("room_mute_user"),
    ROOM_UNMUTE_USER("room_unmute_user"),
    PING("ping"),
    /**
     * fedchat's: a room's settings and roles as its origin says they are now (issue 13). The legacy
     * wire had none (Rocket.Chat's later, Matrix-based federation carried these as Matrix state
     * events); a Rocket.Chat peer fails a batch at an event type it does not know, so this one is
     * sent to fedchat peers only (those known to sign, {@code SigningPeers}) and kept beside the
     * room's graph ({@link #besideGraph}).
     */
    ROOM_UPDATE("room_update"),
    /**
     * fedchat's: a room's pinned messages as its origin says they are now (issue 13: pins federated
     * as the room's state). Sent and kept as {@link #ROOM_UPDATE} is, to fedchat peers only.
     */
    ROOM_PINS("room_pins");

    private final String wire;

    EventType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /**
     * An event kept beside the room's graph: never a leaf, so never a parent of a later event, and
     * never in what {@code requestFromLatest} answers. A Rocket.Chat peer holds no such event, so
     * naming one as a parent would send it looking for it, and being given one would fail its batch.
     */
    public boolean besideGraph() {
        return this == ROOM_UPDATE || this == ROOM_PINS;
    }

    public static Optional<EventType> fromWire(String text) {
        return Arrays.stream(values()).filter(t -> t.wire.equals(text)).findFirst();
    }
}
