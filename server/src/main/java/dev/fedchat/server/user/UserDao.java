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
    String COLUMNS = "id, username, username_key, name, email, email_key, password_hash, roles, active, created_at, updated_at,"
            + " federation_origin, avatar_etag";
    /** The {@code :scope} condition of a search: {@link UserScope#wire()} picks local, remote or all users. */
    String IN_SCOPE = "(:scope = 'all' OR (:scope = 'local' AND federation_origin IS NULL)"
            + " OR (:scope = 'external' AND federation_origin IS NOT NULL))";

    @SqlUpdate("INSERT INTO users (" + COLUMNS + ") VALUES (:id, :username, :usernameKey, :name, :email, :emailKey,"
            + " :passwordHash, :roles, :active, :createdAt, :updatedAt, :federationOrigin, :avatarEtag)")
    void insert(@BindMethods User user);

    /** Refreshes what a remote user's home server may change; never touches a local user. */
    @SqlUpdate("UPDATE users SET username = :username, username_key = :usernameKey, name = :name, active = :active,"
            + " updated_at = :updatedAt WHERE id = :id AND federation_origin IS NOT NULL")
    int updateRemote(@Bind("id") String id, @Bind("username") String username, @Bind("usernameKey") String usernameKey,
                     @Bind("name") String name, @Bind("active") boolean active, @Bind("updatedAt") long updatedAt);

    /** A local user's editable fields, all at once (the caller read the row under {@link #lock}). */
    @SqlUpdate("UPDATE users SET username = :username, username_key = :usernameKey, name = :name, email = :email,"
            + " email_key = :emailKey, password_hash = :passwordHash, roles = :roles, active = :active,"
            + " updated_at = :updatedAt WHERE id = :id AND federation_origin IS NULL")
    int updateLocal(@BindMethods User user);

    @SqlQuery("SELECT " + COLUMNS + " FROM users WHERE id = :id FOR UPDATE")
    Optional<User> lock(@Bind("id") String id);

    /** Active local admins: the last one may not be deactivated, deleted or demoted. */
    @SqlQuery("SELECT count(*) FROM users WHERE federation_origin IS NULL AND active AND (roles = 'admin'"
            + " OR roles LIKE 'admin,%' OR roles LIKE '%,admin' OR roles LIKE '%,admin,%')")
    long countActiveAdmins();

    @SqlUpdate("DELETE FROM users WHERE id = :id AND federation_origin IS NULL")
    int deleteLocal(@Bind("id") String id);

    /**
     * Local users whose username is {@code key} (lower-cased) or whose name is exactly
     * {@code name}, deactivated ones included: what a peer's search finds, each with its
     * {@code active} flag, so a deactivated user shows as inactive on other servers.
     */
    @SqlQuery("SELECT " + COLUMNS + " FROM users WHERE federation_origin IS NULL"
            + " AND (username_key = :key OR name = :name) ORDER BY username_key LIMIT :limit")
    List<User> localByUsernameOrNameAnyState(@Bind("key") String key, @Bind("name") String name, @Bind("limit") int limit);

    /**
     * Active local users whose username is {@code key} (lower-cased) or whose name is exactly
     * {@code name}: what a peer may find (federation-protocol.md §6, stricter than Rocket.Chat).
     */
    @SqlQuery("SELECT " + COLUMNS + " FROM users WHERE federation_origin IS NULL AND active"
            + " AND (username_key = :key OR name = :name) ORDER BY username_key LIMIT :limit")
    List<User> localByUsernameOrName(@Bind("key") String key, @Bind("name") String name, @Bind("limit") int limit);

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

    /** Active users holding global role {@code role} ({@code roles} is a comma-separated list), by username. */
    @SqlQuery("SELECT " + COLUMNS + " FROM users WHERE active AND (',' || roles || ',') LIKE :pattern"
            + " ORDER BY username_key LIMIT :limit")
    List<User> withRole(@Bind("pattern") String pattern, @Bind("limit") int limit);

    /** Every user, local and remote, active or not, by username: an admin's {@code users.list}. */
    @SqlQuery("SELECT " + COLUMNS + " FROM users ORDER BY username_key LIMIT :limit OFFSET :offset")
    List<User> page(@Bind("limit") int limit, @Bind("offset") int offset);

    /** Users in {@code scope} whose username or name contains {@code pattern} (already lower-cased, with % wildcards). */
    @SqlQuery("SELECT " + COLUMNS + " FROM users WHERE active AND (username_key LIKE :pattern OR lower(name) LIKE :pattern)"
            + " AND " + IN_SCOPE + " ORDER BY username_key LIMIT :limit OFFSET :offset")
    List<User> search(@Bind("pattern") String pattern, @Bind("scope") String scope, @Bind("limit") int limit,
                      @Bind("offset") int offset);

    @SqlQuery("SELECT count(*) FROM users WHERE active AND (username_key LIKE :pattern OR lower(name) LIKE :pattern)"
            + " AND " + IN_SCOPE)
    long countSearch(@Bind("pattern") String pattern, @Bind("scope") String scope);
}
