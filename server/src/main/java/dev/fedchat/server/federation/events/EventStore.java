package dev.fedchat.server.federation.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
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
        long ts = clock.millis();
        FederationEvent event = FederationEvent.create(origin, roomId, parents, type, ts, data);
        // the id covers the time to the second only (§7.3): the same member announced again without
        // parents within that second (a genesis batch for a server joining just after the room was
        // made) is the very event stored already, and is sent as it is. An event with parents cannot
        // be stored already: the one before it changed the room's leaves. (One query less per post.)
        // But once the room moved on after the stored one (bob kicked, then invited again within the
        // second), it is news: it gets a later second, so its id is new and no peer takes it for the
        // event it had (and drops it as a duplicate).
        while (noParents && dao.storedAfter(roomId, event.id()) > 0) {
            ts += 1000;
            event = FederationEvent.create(origin, roomId, parents, type, ts, data);
        }
        if (!noParents || dao.count(event.id()) == 0) {
            store(dao, event, parents);
        }
        return event;
    }

    /**
     * Creates and stores our own event beside the room's graph ({@link EventType#besideGraph}): no
     * parents, and never a leaf. Its data must make it unique (a version), since its id covers only
     * the second it was made in.
     */
    public FederationEvent createBeside(Handle h, String origin, String roomId, EventType type, ObjectNode data) {
        if (!type.besideGraph()) {
            throw new IllegalArgumentException(type.wire() + " is an event of the room's graph");
        }
        EventDao dao = h.attach(EventDao.class);
        FederationEvent event = FederationEvent.create(origin, roomId, List.of(), type, clock.millis(), data);
        store(dao, event, List.of());
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

    /**
     * A room was deleted here: it leaves a tombstone and its events' ids (issue 12 §2), so a replay
     * of its events cannot bring it back, and its graph is forgotten. With {@code keepQueued} the
     * events still queued for a peer stay (the room's last events, such as its {@code room_delete}):
     * the queues read what they send from this table, and {@link #forgetDeletedRooms} drops them later.
     *
     * @param forGood the room's origin deleted it (everywhere), rather than this server its copy
     */
    public void bury(Handle h, String roomId, String roomType, boolean forGood, boolean keepQueued) {
        TombstoneDao tombstones = h.attach(TombstoneDao.class);
        tombstones.buryRoom(roomId, roomType, forGood, clock.millis());
        tombstones.buryEventsOf(roomId);
        if (keepQueued) {
            h.attach(EventDao.class).deleteRoomKeepingQueued(roomId);
        } else {
            h.attach(EventDao.class).deleteRoom(roomId);
        }
    }

    /**
     * Forgets the events of rooms no longer here that no peer waits for, burying each such room
     * first (one deleted while federation was off, or before tombstones existed). Run at start.
     *
     * @param ownDomain this server's domain: a room it originated was deleted for good
     * @return how many events were forgotten
     */
    public int forgetDeletedRooms(Handle h, String ownDomain) {
        TombstoneDao tombstones = h.attach(TombstoneDao.class);
        EventDao events = h.attach(EventDao.class);
        for (String roomId : tombstones.roomsGoneWithEvents()) {
            JsonNode genesis = events.genesisWire(roomId).map(EventStore::read).orElse(JSON.createObjectNode());
            String type = genesis.path("data").path("room").path("t").asText("p");
            // deleted by its origin when that was us: a copy we deleted may live on at its origin
            boolean forGood = genesis.path("origin").asText("").equals(ownDomain);
            tombstones.buryRoom(roomId, type.length() == 1 ? type : "p", forGood, clock.millis());
            tombstones.buryEventsOf(roomId);
        }
        return events.deleteOfDeletedRoomsNotQueued();
    }

    private static JsonNode read(String wire) {
        try {
            return JSON.readTree(wire);
        } catch (JsonProcessingException e) {
            return JSON.createObjectNode();
        }
    }

    private void store(EventDao dao, FederationEvent event, List<String> parentsHeld) {
        dao.insert(event.id(), event.roomId(), event.origin(), event.type().wire(), json(event.parentIds()),
                event.timestamp(), event.toWire().toString(), clock.millis());
        if (event.type().besideGraph()) {
            dao.markHasChildren(List.of(event.id())); // never a leaf: no later event names it as a parent
        }
        if (!parentsHeld.isEmpty() && !event.type().besideGraph()) {
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
