package dev.fedchat.server.auth;

import dev.fedchat.server.user.User;
import dev.fedchat.server.user.UserMapper;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code login_tokens} table. */
interface LoginTokenDao {
    @SqlUpdate("INSERT INTO login_tokens (hashed_token, user_id, created_at) VALUES (:hash, :userId, :now)")
    void insert(@Bind("hash") String hashedToken, @Bind("userId") String userId, @Bind("now") long now);

    /**
     * The holder of a live token, read with the token in one query: every authenticated request
     * asks this, and a second round trip for the user cost as much as the first.
     */
    @SqlQuery("SELECT u.id, u.username, u.username_key, u.name, u.email, u.email_key, u.password_hash, u.roles,"
            + " u.active, u.created_at, u.updated_at, u.federation_origin, u.avatar_etag"
            + " FROM login_tokens t JOIN users u ON u.id = t.user_id"
            + " WHERE t.hashed_token = :hash AND t.created_at > :issuedAfter")
    @RegisterRowMapper(UserMapper.class)
    Optional<User> userOf(@Bind("hash") String hashedToken, @Bind("issuedAfter") long issuedAfter);

    @SqlUpdate("DELETE FROM login_tokens WHERE hashed_token = :hash")
    int delete(@Bind("hash") String hashedToken);

    /** Every token of {@code userId} but the one hashed {@code keptHash} (null: every one). */
    @SqlUpdate("DELETE FROM login_tokens WHERE user_id = :userId AND (CAST(:keptHash AS VARCHAR(64)) IS NULL"
            + " OR hashed_token <> :keptHash)")
    int deleteAllBut(@Bind("userId") String userId, @Bind("keptHash") String keptHash);
}
