package dev.fedchat.server.room;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code subscriptions} table, read joined with rooms and users as {@link Membership}. */
@RegisterRowMapper(MembershipMapper.class)
public interface SubscriptionDao {
    String SELECT = "SELECT s.id, s.room_id, s.user_id, u.username, u.name AS user_full_name, s.roles, s.open, s.alert,"
            + " s.unread, s.user_mentions, s.group_mentions, s.muted, s.last_seen_at, s.created_at, s.updated_at,"
            + " r.type AS room_type, r.name AS room_name, r.federation_origin AS room_federation_origin"
            + " FROM subscriptions s JOIN rooms r ON r.id = s.room_id JOIN users u ON u.id = s.user_id";

    @SqlUpdate("INSERT INTO subscriptions (id, room_id, user_id, roles, open, alert, unread, user_mentions, muted,"
            + " last_seen_at, created_at, updated_at)"
            + " VALUES (:id, :roomId, :userId, :roles, TRUE, FALSE, 0, 0, FALSE, :now, :now, :now)")
    void insert(@Bind("id") String id, @Bind("roomId") String roomId, @Bind("userId") String userId,
                @Bind("roles") String roles, @Bind("now") long now);

    @SqlQuery(SELECT + " WHERE s.room_id = :roomId AND s.user_id = :userId")
    Optional<Membership> find(@Bind("roomId") String roomId, @Bind("userId") String userId);

    @SqlQuery(SELECT + " WHERE s.room_id = :roomId AND s.user_id IN (<userIds>)")
    List<Membership> findAll(@Bind("roomId") String roomId, @BindList("userIds") java.util.Collection<String> userIds);

    @SqlQuery(SELECT + " WHERE s.room_id = :roomId ORDER BY u.username_key")
    List<Membership> members(@Bind("roomId") String roomId);

    @SqlQuery("SELECT user_id FROM subscriptions WHERE room_id = :roomId")
    List<String> memberIds(@Bind("roomId") String roomId);

    @SqlQuery(SELECT + " WHERE s.user_id = :userId AND s.updated_at > :since ORDER BY s.updated_at DESC")
    List<Membership> ofUser(@Bind("userId") String userId, @Bind("since") long since);

    @SqlQuery(SELECT + " WHERE s.user_id = :userId AND r.type = :type ORDER BY r.name_key")
    List<Membership> ofUserByType(@Bind("userId") String userId, @Bind("type") String type);

    @SqlQuery("SELECT count(*) FROM subscriptions WHERE room_id = :roomId")
    int countMembers(@Bind("roomId") String roomId);

    @SqlUpdate("DELETE FROM subscriptions WHERE room_id = :roomId AND user_id = :userId")
    int delete(@Bind("roomId") String roomId, @Bind("userId") String userId);

    @SqlUpdate("UPDATE subscriptions SET muted = :muted, updated_at = :now WHERE room_id = :roomId AND user_id = :userId")
    int setMuted(@Bind("roomId") String roomId, @Bind("userId") String userId, @Bind("muted") boolean muted,
                 @Bind("now") long now);

    @SqlUpdate("UPDATE subscriptions SET roles = :roles, updated_at = :now WHERE room_id = :roomId AND user_id = :userId")
    int setRoles(@Bind("roomId") String roomId, @Bind("userId") String userId, @Bind("roles") String roles,
                 @Bind("now") long now);

    /** A new message: everyone but the sender gets one more unread and the room reopens. */
    @SqlUpdate("UPDATE subscriptions SET unread = unread + 1, alert = TRUE, open = TRUE, updated_at = :now"
            + " WHERE room_id = :roomId AND user_id <> :senderId")
    int countUnread(@Bind("roomId") String roomId, @Bind("senderId") String senderId, @Bind("now") long now);

    @SqlUpdate("UPDATE subscriptions SET user_mentions = user_mentions + 1 WHERE room_id = :roomId"
            + " AND user_id IN (<userIds>)")
    int countMention(@Bind("roomId") String roomId, @BindList("userIds") List<String> userIds);

    /** A message with {@code @all} or {@code @here}: one more group mention for everyone but the sender. */
    @SqlUpdate("UPDATE subscriptions SET group_mentions = group_mentions + 1 WHERE room_id = :roomId"
            + " AND user_id <> :senderId")
    int countGroupMention(@Bind("roomId") String roomId, @Bind("senderId") String senderId);

    @SqlUpdate("UPDATE subscriptions SET unread = 0, alert = FALSE, user_mentions = 0, group_mentions = 0, last_seen_at = :now,"
            + " updated_at = :now WHERE room_id = :roomId AND user_id = :userId")
    int markRead(@Bind("roomId") String roomId, @Bind("userId") String userId, @Bind("now") long now);
}
