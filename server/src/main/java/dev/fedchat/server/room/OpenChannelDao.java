package dev.fedchat.server.room;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code open_channels} table: our public channels that users of other servers may join. */
@RegisterRowMapper(RoomMapper.class)
public interface OpenChannelDao {
    @SqlUpdate("INSERT INTO open_channels (room_id, opened_by, opened_at) VALUES (:roomId, :by, :at)")
    void insert(@Bind("roomId") String roomId, @Bind("by") String by, @Bind("at") long at);

    @SqlUpdate("DELETE FROM open_channels WHERE room_id = :roomId")
    int delete(@Bind("roomId") String roomId);

    @SqlQuery("SELECT count(*) > 0 FROM open_channels WHERE room_id = :roomId")
    boolean isOpen(@Bind("roomId") String roomId);

    /** Open channels whose name contains {@code like} (a {@code Like} pattern on the lower-cased name). */
    @SqlQuery("SELECT " + RoomDao.COLUMNS + " FROM rooms WHERE id IN (SELECT room_id FROM open_channels)"
            + " AND name_key LIKE :like ORDER BY name_key LIMIT :limit")
    List<Room> search(@Bind("like") String like, @Bind("limit") int limit);
}
