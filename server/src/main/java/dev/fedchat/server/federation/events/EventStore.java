package dev.fedchat.server.federation.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Keeps each room's event graph (federation-protocol.md §7.4). Works inside the caller's
 * transaction, so an event, the change it describes and its outbox rows commit together.
 *
 * <p>Unlike Rocket.Chat, the origin stores its own events here directly (Rocket.Chat posted them
 * to itself over HTTP, §9.1, which failed whenever a server could not reach its own public URL).
 */
public final class EventStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Clock clock;

    public EventStore(Clock clock) {
        this.clock = clock;
    }

    /** What adding a received event found. */
    public record Added(boolean duplicate, List<String> missingParents) {}

    /**
     * Creates, stores and returns our own event; its parents are the room's leaves, or none for
     * the genesis batch (§7.7: Rocket.Chat sends genesis and its add-user events with no parents).
     */
    public FederationEvent create(Handle h, String origin, String roomId, EventType type, ObjectNode data, boolean noParents) {
        EventDao dao = h.attach(EventDao.class);
        List<String> parents = noParents ? List.of() : dao.leaves(roomId);
        FederationEvent event = FederationEvent.create(origin, roomId, parents, type, clock.millis(), data);
        // the id covers the time to the second only (§7.3): the same member announced again without
        // parents within that second (a genesis batch for a server joining just after the room was
        // made) is the very event stored already, and is sent as it is. An event with parents cannot
        // be stored already: the one before it changed the room's leaves. (One query less per post.)
        if (!noParents || dao.count(event.id()) == 0) {
            store(dao, event, parents);
        }
        return event;
    }

    /** Stores a peer's event unless it is known; parents not held here are reported, the event kept. */
    public Added add(Handle h, FederationEvent event) {
        EventDao dao = h.attach(EventDao.class);
        if (dao.count(event.id()) > 0) {
            return new Added(true, List.of());
        }
        List<String> present = event.parentIds().isEmpty() ? List.of() : dao.existing(event.roomId(), event.parentIds());
        List<String> missing = new ArrayList<>(event.parentIds());
        missing.removeAll(present);
        store(dao, event, present);
        return new Added(false, missing);
    }

    /** The room's events as sent, oldest first (for peers that missed some). */
    public List<String> wiresOfRoom(Handle h, String roomId) {
        return h.attach(EventDao.class).wiresOfRoom(roomId);
    }

    /** Forgets a deleted room's graph (a peer's {@code room_delete}). */
    public void deleteRoom(Handle h, String roomId) {
        h.attach(EventDao.class).deleteRoom(roomId);
    }

    /**
     * Forgets a room deleted here, except the events still queued for a peer (the room's last
     * events, such as its {@code room_delete}): the queues read what they send from this table.
     */
    public void deleteRoomKeepingQueued(Handle h, String roomId) {
        h.attach(EventDao.class).deleteRoomKeepingQueued(roomId);
    }

    /**
     * Forgets what {@link #deleteRoomKeepingQueued} kept for the queues, once they sent it: the
     * events of rooms no longer here that no peer waits for. Run at start.
     *
     * @return how many events were forgotten
     */
    public int forgetDeletedRooms(Handle h) {
        return h.attach(EventDao.class).deleteOfDeletedRoomsNotQueued();
    }

    private void store(EventDao dao, FederationEvent event, List<String> parentsHeld) {
        dao.insert(event.id(), event.roomId(), event.origin(), event.type().wire(), json(event.parentIds()),
                event.timestamp(), event.toWire().toString(), clock.millis());
        if (!parentsHeld.isEmpty()) {
            dao.markHasChildren(parentsHeld);
        }
    }

    private static String json(List<String> ids) {
        try {
            return JSON.writeValueAsString(ids);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
