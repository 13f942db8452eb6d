package dev.fedchat.server.room;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Reads a {@link Room} from {@link RoomDao#COLUMNS}, by label. Written by hand because JDBI's
 * constructor mapper matches columns to parameters by reflection again for every query, and the
 * room is read on every post (see {@link MembershipMapper}).
 * Public because JDBI instantiates it by reflection from its own package.
 */
public final class RoomMapper implements RowMapper<Room> {
    @Override
    public Room map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Room(
                rs.getString("id"),
                rs.getString("type"),
                rs.getString("name"),
                rs.getString("name_key"),
                rs.getString("owner_id"),
                rs.getString("owner_username"),
                rs.getBoolean("read_only"),
                rs.getString("topic"),
                rs.getString("announcement"),
                rs.getString("description"),
                rs.getInt("message_count"),
                rs.getString("last_message_id"),
                rs.getObject("last_message_at", Long.class),
                rs.getLong("created_at"),
                rs.getLong("updated_at"),
                RoomFederation.read(rs.getString("federation_origin"), rs.getString("federation_domains")));
    }
}
