package dev.fedchat.server.room;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code subscription_removals} table. */
@RegisterConstructorMapper(Removal.class)
interface RemovalDao {
    @SqlUpdate("INSERT INTO subscription_removals (subscription_id, room_id, user_id, removed_at)"
            + " VALUES (:subscriptionId, :roomId, :userId, :removedAt)")
    void insert(@BindMethods Removal removal);

    /** Removals after {@code since}, leaving out rooms the user is in again. */
    @SqlQuery("SELECT r.subscription_id, r.room_id, r.user_id, r.removed_at FROM subscription_removals r"
            + " WHERE r.user_id = :userId AND r.removed_at > :since AND NOT EXISTS"
            + " (SELECT 1 FROM subscriptions s WHERE s.room_id = r.room_id AND s.user_id = r.user_id)"
            + " ORDER BY r.removed_at")
    List<Removal> since(@Bind("userId") String userId, @Bind("since") long since);
}
