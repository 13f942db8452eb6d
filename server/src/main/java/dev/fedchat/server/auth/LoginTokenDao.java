package dev.fedchat.server.auth;

import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code login_tokens} table. */
interface LoginTokenDao {
    @SqlUpdate("INSERT INTO login_tokens (hashed_token, user_id, created_at) VALUES (:hash, :userId, :now)")
    void insert(@Bind("hash") String hashedToken, @Bind("userId") String userId, @Bind("now") long now);

    @SqlQuery("SELECT user_id FROM login_tokens WHERE hashed_token = :hash AND created_at > :issuedAfter")
    Optional<String> userOf(@Bind("hash") String hashedToken, @Bind("issuedAfter") long issuedAfter);

    @SqlUpdate("DELETE FROM login_tokens WHERE hashed_token = :hash")
    int delete(@Bind("hash") String hashedToken);
}
