package dev.fedchat.server.user;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code users} table. */
@RegisterRowMapper(UserMapper.class)
public interface UserDao {
    String COLUMNS = "id, username, username_key, name, email, email_key, password_hash, roles, active, created_at, updated_at";

    @SqlUpdate("INSERT INTO users (" + COLUMNS + ") VALUES (:id, :username, :usernameKey, :name, :email, :emailKey,"
            + " :passwordHash, :roles, :active, :createdAt, :updatedAt)")
    void insert(@BindMethods User user);

    @SqlQuery("SELECT " + COLUMNS + " FROM users WHERE id = :id")
    Optional<User> byId(@Bind("id") String id);

    @SqlQuery("SELECT " + COLUMNS + " FROM users WHERE username_key = :key")
    Optional<User> byUsernameKey(@Bind("key") String key);

    @SqlQuery("SELECT " + COLUMNS + " FROM users WHERE email_key = :key")
    Optional<User> byEmailKey(@Bind("key") String key);

    @SqlQuery("SELECT " + COLUMNS + " FROM users WHERE username_key IN (<keys>)")
    List<User> byUsernameKeys(@BindList("keys") List<String> keys);

    @SqlQuery("SELECT count(*) FROM users")
    long count();

    /** Users whose username or name contains {@code pattern} (already lower-cased, with % wildcards). */
    @SqlQuery("SELECT " + COLUMNS + " FROM users WHERE active AND (username_key LIKE :pattern OR lower(name) LIKE :pattern)"
            + " ORDER BY username_key LIMIT :limit OFFSET :offset")
    List<User> search(@Bind("pattern") String pattern, @Bind("limit") int limit, @Bind("offset") int offset);

    @SqlQuery("SELECT count(*) FROM users WHERE active AND (username_key LIKE :pattern OR lower(name) LIKE :pattern)")
    long countSearch(@Bind("pattern") String pattern);
}
