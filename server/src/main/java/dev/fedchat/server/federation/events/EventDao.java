package dev.fedchat.server.federation.events;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code federation_events} table: every room's event graph. */
interface EventDao {

    @SqlUpdate("INSERT INTO federation_events (id, room_id, origin, type, parent_ids, ts, wire, has_children, stored_at)"
            + " VALUES (:id, :roomId, :origin, :type, :parentIds, :ts, :wire, FALSE, :storedAt)")
    void insert(@Bind("id") String id, @Bind("roomId") String roomId, @Bind("origin") String origin,
                @Bind("type") String type, @Bind("parentIds") String parentIdsJson, @Bind("ts") long ts,
                @Bind("wire") String wire, @Bind("storedAt") long storedAt);

    @SqlQuery("SELECT count(*) FROM federation_events WHERE id = :id")
    int count(@Bind("id") String id);

    /**
     * How many events with parents (not of a genesis batch) the room stored after the event {@code id};
     * 0 when it is not stored.
     */
    @SqlQuery("SELECT count(*) FROM federation_events e JOIN federation_events x ON x.id = :id"
            + " WHERE e.room_id = :roomId AND e.stored_at >= x.stored_at AND e.parent_ids <> '[]'")
    int storedAfter(@Bind("roomId") String roomId, @Bind("id") String id);

    /** Non-zero when the event is stored, or was, in a room deleted since: either way, taking it again is a no-op. */
    @SqlQuery("SELECT (SELECT count(*) FROM federation_events WHERE id = :id)"
            + " + (SELECT count(*) FROM federation_event_tombstones WHERE id = :id)")
    int known(@Bind("id") String id);

    /** The wire of the room's genesis, if it is stored. */
    @SqlQuery("SELECT wire FROM federation_events WHERE room_id = :roomId AND type = 'genesis' ORDER BY ts LIMIT 1")
    java.util.Optional<String> genesisWire(@Bind("roomId") String roomId);

    /** The room's leaves: the parents of its next event. */
    @SqlQuery("SELECT id FROM federation_events WHERE room_id = :roomId AND has_children = FALSE ORDER BY ts, id")
    List<String> leaves(@Bind("roomId") String roomId);

    @SqlQuery("SELECT id FROM federation_events WHERE room_id = :roomId AND id IN (<ids>)")
    List<String> existing(@Bind("roomId") String roomId, @BindList("ids") List<String> ids);

    @SqlUpdate("UPDATE federation_events SET has_children = TRUE WHERE id IN (<ids>)")
    void markHasChildren(@BindList("ids") List<String> ids);

    @SqlQuery("SELECT wire FROM federation_events WHERE room_id = :roomId ORDER BY ts, stored_at")
    List<String> wiresOfRoom(@Bind("roomId") String roomId);

    /** The ids of the room's events that {@code origin} created (what we can tell it we hold). */
    @SqlQuery("SELECT id FROM federation_events WHERE room_id = :roomId AND origin = :origin ORDER BY ts DESC LIMIT :limit")
    List<String> idsFrom(@Bind("roomId") String roomId, @Bind("origin") String origin, @Bind("limit") int limit);

    @SqlQuery("SELECT min(ts) FROM federation_events WHERE room_id = :roomId AND id IN (<ids>)")
    Long oldestOf(@Bind("roomId") String roomId, @BindList("ids") List<String> ids);

    /**
     * What {@code requester} may lack of the room, from {@code since} on, oldest first (issue 12 §4):
     * not the events it made itself, not a genesis another server made (it takes a genesis from its
     * origin only), not the events beside the graph ({@code room_update}: a Rocket.Chat peer fails at
     * it, and a fedchat peer takes the room's next state whole), and not what is queued for it already.
     */
    @SqlQuery("SELECT id FROM federation_events e WHERE e.room_id = :roomId AND e.ts >= :since AND e.origin <> :requester"
            + " AND (e.type <> 'genesis' OR e.origin = :own) AND e.type <> 'room_update'"
            + " AND NOT EXISTS (SELECT 1 FROM federation_outbox o WHERE o.domain = :requester AND o.event_id = e.id)"
            + " ORDER BY e.ts, e.stored_at LIMIT :limit")
    List<String> lackedBy(@Bind("roomId") String roomId, @Bind("since") long since, @Bind("requester") String requester,
                          @Bind("own") String own, @Bind("limit") int limit);

    /** A page of the room's graph in stored order (as {@link #wiresOfRoom}), the id breaking ties so pages never overlap. */
    @SqlQuery("SELECT id, type, origin, ts, parent_ids, has_children FROM federation_events WHERE room_id = :roomId"
            + " ORDER BY ts, stored_at, id LIMIT :limit OFFSET :offset")
    @RegisterConstructorMapper(EventGraph.Row.class)
    List<EventGraph.Row> page(@Bind("roomId") String roomId, @Bind("limit") int limit, @Bind("offset") int offset);

    @SqlQuery("SELECT count(*) FROM federation_events WHERE room_id = :roomId")
    long countOfRoom(@Bind("roomId") String roomId);

    @SqlUpdate("DELETE FROM federation_events WHERE room_id = :roomId")
    void deleteRoom(@Bind("roomId") String roomId);

    /** As {@link #deleteRoom}, keeping the events the outbox still has to send. */
    @SqlUpdate("DELETE FROM federation_events WHERE room_id = :roomId"
            + " AND id NOT IN (SELECT event_id FROM federation_outbox)")
    void deleteRoomKeepingQueued(@Bind("roomId") String roomId);

    /** The events {@link #deleteRoomKeepingQueued} kept, once nothing is queued for them any more. */
    @SqlUpdate("DELETE FROM federation_events WHERE NOT EXISTS (SELECT 1 FROM rooms r WHERE r.id = federation_events.room_id)"
            + " AND id NOT IN (SELECT event_id FROM federation_outbox)")
    int deleteOfDeletedRoomsNotQueued();
}
