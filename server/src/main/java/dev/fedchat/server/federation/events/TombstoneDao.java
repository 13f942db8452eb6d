package dev.fedchat.server.federation.events;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The tables {@code room_tombstones} and {@code federation_event_tombstones}: what deleted rooms leave behind. */
interface TombstoneDao {

    /**
     * A deleted room's tombstone: no event of the room stamped up to {@code lastEventTs} is taken
     * again; newer ones only where the room may live on ({@link #mayLiveOn}).
     */
    record RoomTombstone(String roomId, String type, boolean forGood, long lastEventTs, long deletedAt) {
        /** A copy deleted here (its origin keeps the room), or a direct room, whose id its members make. */
        boolean mayLiveOn() {
            return !forGood || "d".equals(type);
        }
    }

    /**
     * Buries the room: its tombstone (unless it has one) and its events' ids. The time mark is the
     * later of {@code now} and the newest event's own time, so a replay stamped by a peer whose clock
     * runs ahead of ours is still older than the mark.
     */
    @SqlUpdate("INSERT INTO room_tombstones (room_id, type, for_good, last_event_ts, deleted_at)"
            + " SELECT :roomId, :type, :forGood, GREATEST(:now, COALESCE((SELECT max(ts) FROM federation_events WHERE room_id = :roomId), :now)), :now"
            + " WHERE NOT EXISTS (SELECT 1 FROM room_tombstones WHERE room_id = :roomId)")
    void buryRoom(@Bind("roomId") String roomId, @Bind("type") String type, @Bind("forGood") boolean forGood,
                  @Bind("now") long now);

    @SqlUpdate("INSERT INTO federation_event_tombstones (id, room_id) SELECT e.id, e.room_id FROM federation_events e"
            + " WHERE e.room_id = :roomId AND NOT EXISTS (SELECT 1 FROM federation_event_tombstones t WHERE t.id = e.id)")
    void buryEventsOf(@Bind("roomId") String roomId);

    /** Rooms no longer here whose events are still stored (deleted while federation was off, or before tombstones). */
    @SqlQuery("SELECT DISTINCT e.room_id FROM federation_events e WHERE NOT EXISTS (SELECT 1 FROM rooms r WHERE r.id = e.room_id)")
    List<String> roomsGoneWithEvents();

    @SqlQuery("SELECT room_id, type, for_good, last_event_ts, deleted_at FROM room_tombstones WHERE room_id IN (<ids>)")
    @RegisterConstructorMapper(RoomTombstone.class)
    List<RoomTombstone> rooms(@BindList("ids") List<String> roomIds);

    @SqlQuery("SELECT room_id, type, for_good, last_event_ts, deleted_at FROM room_tombstones WHERE room_id = :roomId")
    @RegisterConstructorMapper(RoomTombstone.class)
    Optional<RoomTombstone> room(@Bind("roomId") String roomId);
}
