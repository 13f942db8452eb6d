package dev.fedchat.server.federation.events;

import static dev.fedchat.server.federation.events.EventFields.refuse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.room.Room;
import dev.fedchat.server.room.RoomService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
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
 *   <li><b>relayed events only where we asked, and only from a server that may speak for the
 *       room</b>: an event whose origin is not the sender is taken only from a server we recently
 *       asked for that room's events ({@link EventGaps#askedRecently}), and only when that server
 *       is among the domains of our copy of the room, or, for a room we do not hold, sent the
 *       room's genesis itself in this batch. A genesis is never relayed: it comes from its origin;
 *       nor is a room's deletion, or a removal or mute of another server's user, which only the
 *       room's authority may make;</li>
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

    /** Changes a server may make to its own users, and the room's authority to anyone's. */
    private static final Set<EventType> MODERATION = Set.of(EventType.ROOM_REMOVE_USER, EventType.ROOM_MUTE_USER,
            EventType.ROOM_UNMUTE_USER);

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
        Set<String> ownGeneses = new HashSet<>();
        Map<String, Optional<Room>> held = new HashMap<>();
        for (FederationEvent e : events) {
            if (e.origin().equals(ownDomain.get())) {
                if (!isKnown(e.id())) {
                    throw refuse("event " + e.id() + " names this server, " + e.origin() + ", as its origin, but this server"
                            + " never made it: this server's events never come from the network");
                }
                continue;
            }
            if (e.origin().equals(sender)) {
                if (e.type() == EventType.GENESIS) {
                    ownGeneses.add(e.roomId());
                }
                continue;
            }
            checkRelayed(sender, e, ownGeneses, held);
        }
        checkTombstones(events);
        return events;
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
     * from, so it is taken only as part of an answer we asked this sender for, about a room it may
     * speak for, and never as a genesis (issue 12 §1).
     */
    private void checkRelayed(String sender, FederationEvent e, Set<String> ownGeneses, Map<String, Optional<Room>> held) {
        String relayed = "event " + e.id() + " says it comes from " + e.origin() + " but " + sender + " sent it";
        if (e.type() == EventType.GENESIS) {
            throw refuse(relayed + "; a room's genesis is taken from its origin only");
        }
        if (e.type() == EventType.ROOM_DELETE || (MODERATION.contains(e.type()) && !isUserOf(e.origin(), e.data().path("user")))) {
            // what only the room's authority may do must come from it: a relay cannot prove it did
            throw refuse(relayed + "; deleting a room or moderating another server's user is taken from the room's"
                    + " authority itself, never passed on");
        }
        if (!gaps.askedRecently(sender, e.roomId())) {
            throw refuse(relayed + ", and this server did not ask " + sender + " for the events of room " + e.roomId());
        }
        Optional<Room> room = held.computeIfAbsent(e.roomId(), rooms::byId);
        boolean speaksFor = room.isPresent()
                ? room.get().federation() != null && room.get().federation().domains().contains(sender)
                : ownGeneses.contains(e.roomId());
        if (!speaksFor) {
            throw refuse(relayed + "; " + sender + (room.isPresent() ? " does not take part in room " + e.roomId()
                    : " did not create room " + e.roomId() + ", which this server does not hold")
                    + ", so it cannot pass on its events");
        }
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

    /** True when the event's user ({@code bob@beta.test}, or with {@code federation.origin}) is a user of {@code domain}. */
    private static boolean isUserOf(String domain, JsonNode user) {
        String origin = user.path("federation").path("origin").asText("");
        String username = user.path("username").asText("");
        return origin.equalsIgnoreCase(domain) && username.toLowerCase(Locale.ROOT).endsWith("@" + domain);
    }

    private boolean isKnown(String eventId) {
        return jdbi.withHandle(h -> h.attach(EventDao.class).known(eventId) > 0);
    }
}
