package dev.fedchat.server.room;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Reads a {@link Membership} from {@link SubscriptionDao#SELECT}'s columns, by label.
 *
 * <p>Written by hand rather than JDBI's constructor mapper for two reasons: the constructor
 * mapper matches columns to parameters by reflection again for every query (a third of what a
 * {@code chat.postMessage} allocated, see docs/benchmarks.md), and its snake-case matching lets
 * the {@code user_name} column match both {@code username} and {@code userName}, which it then
 * refuses as ambiguous.
 * Public because JDBI instantiates it by reflection from its own package.
 */
public final class MembershipMapper implements RowMapper<Membership> {
    @Override
    public Membership map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Membership(
                rs.getString("id"),
                rs.getString("room_id"),
                rs.getString("user_id"),
                rs.getString("username"),
                rs.getString("user_full_name"),
                rs.getString("roles"),
                rs.getBoolean("open"),
                rs.getBoolean("alert"),
                rs.getInt("unread"),
                rs.getInt("user_mentions"),
                rs.getInt("group_mentions"),
                rs.getBoolean("muted"),
                rs.getObject("last_seen_at", Long.class),
                rs.getLong("created_at"),
                rs.getLong("updated_at"),
                rs.getString("room_type"),
                rs.getString("room_name"),
                rs.getString("room_federation_origin"));
    }
}
