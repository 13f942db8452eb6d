package dev.fedchat.server.federation.events;

import static dev.fedchat.server.federation.events.EventFields.refuse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.room.Room;
import dev.fedchat.server.room.RoomService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/**
 * The checks every event of a peer's batch passes before any of them is applied, so that a batch
 * refused for one of them changes nothing (issue 12 §1, §2; {@code docs/federation-security.md}):
 * <ul>
 *   <li>the envelope is well formed, and the batch and each event within their sizes;</li>
 *   <li><b>our own domain never comes from the network</b>: an event that names it as origin is
 *       refused, unless it is one we hold already (a peer answering {@code requestFromLatest} may
 *       hand our own events back; taking one again is a no-op, and the receive loop skips it);</li>
 *   <li><b>relayed events only where we asked, and only from the room's origin</b>: an event
 *       whose origin is not the sender is taken only from a server we recently asked for that
 *       room's events ({@link EventGaps#askedRecently}), and only when that server is the origin of
 *       our copy of the room, or, for a room we do not hold, sent the room's genesis itself in this
 *       batch. A genesis is never relayed: it comes from its origin;</li>
 *   <li><b>a deleted room stays deleted</b>: an event of a room that left a tombstone here is refused
 *       unless we had it already (then it is a no-op). Events newer than the tombstone are taken
 *       where the room may live on: a copy deleted here whose origin keeps the room (and may bring
 *       this server back in), and a direct room, whose id is made of its two members' ids, so
 *       opening the same conversation again means the same id. A replay is never newer.</li>
 * </ul>
 * Thread-safe (stateless; reads the database).
 */
final class BatchEnvelopes {
    /** Largest event accepted: a message of Rocket.Chat's maximum size with attachments fits many times over. */
    static final int MAX_EVENT_CHARS = 512 * 1024;

    private final Jdbi jdbi;
    private final RoomService rooms;
    private final EventGaps gaps;
    private final Supplier<String> ownDomain;
    private final int maxBatch;

    BatchEnvelopes(Jdbi jdbi, RoomService rooms, EventGaps gaps, Supplier<String> ownDomain, int maxBatch) {
        this.jdbi = jdbi;
        this.rooms = rooms;
        this.gaps = gaps;
        this.ownDomain = ownDomain;
        this.maxBatch = maxBatch;
    }

    /** The batch's events, every one checked: one that fails refuses them all, and nothing was applied. */
    List<FederationEvent> check(String sender, JsonNode body) {
        List<FederationEvent> events = parse(body);
        List<FederationEvent> kept = new ArrayList<>(events.size());
        Set<String> ownGeneses = new HashSet<>();
        Map<String, Optional<Room>> held = new HashMap<>();
        for (FederationEvent e : events) {
            if (e.origin().equals(ownDomain.get())) {
                if (!isKnown(e.id())) {
                    throw refuse("event " + e.id() + " names this server, " + e.origin() + ", as its origin, but this server"
                            + " never made it: this server's events never come from the network");
                }
            } else if (e.origin().equals(sender)) {
                if (e.type() == EventType.GENESIS) {
                    ownGeneses.add(e.roomId());
                }
            } else if (!checkRelayed(sender, e, ownGeneses, held)) {
                continue;
            }
            kept.add(e);
        }
        checkTombstones(kept);
        return kept;
    }

    private List<FederationEvent> parse(JsonNode body) {
        JsonNode list = body.path("events");
        if (!list.isArray()) {
            throw refuse("the body must be {\"events\": [...]}");
        }
        if (list.size() > maxBatch) {
            throw refuse("a batch may hold at most " + maxBatch + " events, this one has " + list.size());
        }
        List<FederationEvent> events = new ArrayList<>();
        for (JsonNode wire : list) {
            if (wire.toString().length() > MAX_EVENT_CHARS) {
                throw refuse("an event may be at most " + MAX_EVENT_CHARS + " characters of JSON");
            }
            try {
                events.add(FederationEvent.fromWire(wire));
            } catch (InvalidEventException ex) {
                throw refuse(ex.getMessage());
            }
        }
        return events;
    }

    /**
     * An event {@code sender} passes on from another server: the sender cannot prove where it came
     * from, so it is taken only as part of an answer we asked this sender for, and only when the
     * sender is the room's origin, its authority (issue 12 §1): a room we hold whose origin it is,
     * or a room we do not hold whose genesis it sends itself in this batch. A server of the room
     * that is not its origin could otherwise get itself asked (an event naming a parent that does
     * not exist is enough) and then speak for every other server of the room. A genesis is never
     * relayed; one for a room we hold is dropped as the duplicate it is.
     *
     * @return false when the event is to be dropped rather than applied
     */
    private boolean checkRelayed(String sender, FederationEvent e, Set<String> ownGeneses, Map<String, Optional<Room>> held) {
        String relayed = "event " + e.id() + " says it comes from " + e.origin() + " but " + sender + " sent it";
        Optional<Room> room = held.computeIfAbsent(e.roomId(), rooms::byId);
        if (e.type() == EventType.GENESIS) {
            if (room.isPresent() && room.get().federation() != null && sender.equals(room.get().federationOrigin())) {
                return false; // the room's origin passing on a genesis of a room we hold: nothing to take from it
            }
            throw refuse(relayed + "; a room's genesis is taken from its origin only");
        }
        if (!gaps.askedRecently(sender, e.roomId())) {
            throw refuse(relayed + ", and this server did not ask " + sender + " for the events of room " + e.roomId());
        }
        boolean authority = room.isPresent()
                ? room.get().federation() != null && sender.equals(room.get().federationOrigin())
                : ownGeneses.contains(e.roomId());
        if (!authority) {
            throw refuse(relayed + "; only a room's origin may pass on other servers' events of it, and "
                    + (room.isPresent() ? "room " + e.roomId() + " is " + room.get().federationOrigin() + "'s"
                    : sender + " did not create room " + e.roomId() + ", which this server does not hold"));
        }
        return true;
    }

    /** Events of a deleted room are refused, but for those we had (no-ops) and a direct room opened again. */
    private void checkTombstones(List<FederationEvent> events) {
        List<String> roomIds = events.stream().map(FederationEvent::roomId).distinct().toList();
        if (roomIds.isEmpty()) {
            return;
        }
        Map<String, TombstoneDao.RoomTombstone> buried = new HashMap<>();
        jdbi.useExtension(TombstoneDao.class, d -> d.rooms(roomIds).forEach(t -> buried.put(t.roomId(), t)));
        if (buried.isEmpty()) {
            return;
        }
        for (FederationEvent e : events) {
            TombstoneDao.RoomTombstone tombstone = buried.get(e.roomId());
            if (tombstone == null || e.type() == EventType.ROOM_DELETE || isKnown(e.id())) {
                continue; // deleting it again, or an event we had: a no-op either way
            }
            if (!tombstone.mayLiveOn() || e.timestamp() <= tombstone.lastEventTs()) {
                throw refuse("event " + e.id() + " is of room " + e.roomId() + ", which was deleted here"
                        + "; a deleted room is not brought back (a new room has a new id)");
            }
        }
    }

    private boolean isKnown(String eventId) {
        return jdbi.withHandle(h -> h.attach(EventDao.class).known(eventId) > 0);
    }
}
