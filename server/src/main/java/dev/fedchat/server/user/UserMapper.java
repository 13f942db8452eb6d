package dev.fedchat.server.user;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Reads a {@link User} from {@link UserDao#COLUMNS}, by label. Written by hand because JDBI's
 * constructor mapper matches columns to parameters by reflection again for every query, and every
 * authenticated request reads its user.
 */
public final class UserMapper implements RowMapper<User> {
    @Override
    public User map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new User(
                rs.getString("id"),
                rs.getString("username"),
                rs.getString("username_key"),
                rs.getString("name"),
                rs.getString("email"),
                rs.getString("email_key"),
                rs.getString("password_hash"),
                rs.getString("roles"),
                rs.getBoolean("active"),
                rs.getLong("created_at"),
                rs.getLong("updated_at"),
                rs.getString("federation_origin"),
                rs.getString("avatar_etag"));
    }
}
