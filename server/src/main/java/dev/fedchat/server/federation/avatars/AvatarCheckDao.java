package dev.fedchat.server.federation.avatars;

import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code remote_avatar_checks} table: when a remote user's home server was last asked for their picture. */
interface AvatarCheckDao {
    @SqlQuery("SELECT next_check_at FROM remote_avatar_checks WHERE user_id = :userId")
    Optional<Long> nextCheckAt(@Bind("userId") String userId);

    @SqlQuery("SELECT failures FROM remote_avatar_checks WHERE user_id = :userId")
    Optional<Integer> failures(@Bind("userId") String userId);

    @SqlUpdate("UPDATE remote_avatar_checks SET checked_at = :now, next_check_at = :next, failures = :failures,"
            + " last_error = :error WHERE user_id = :userId")
    int update(@Bind("userId") String userId, @Bind("now") long now, @Bind("next") long next,
               @Bind("failures") int failures, @Bind("error") String error);

    @SqlUpdate("INSERT INTO remote_avatar_checks (user_id, checked_at, next_check_at, failures, last_error)"
            + " VALUES (:userId, :now, :next, :failures, :error)")
    void insert(@Bind("userId") String userId, @Bind("now") long now, @Bind("next") long next,
                @Bind("failures") int failures, @Bind("error") String error);
}
