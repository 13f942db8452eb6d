package dev.fedchat.server.auth;

import java.util.List;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** What an account change reads and writes beyond the user row: where the user's name is copied, and what they belong to. */
interface AccountDao {
    /** Rooms shared with other servers that the user is in: other servers know them by name there. */
    @SqlQuery("SELECT count(*) FROM subscriptions s JOIN rooms r ON r.id = s.room_id"
            + " WHERE s.user_id = :userId AND r.federation_origin IS NOT NULL")
    long federatedRooms(@Bind("userId") String userId);

    /** A message keeps its author's username (Rocket.Chat's {@code u.username}); a rename follows. */
    @SqlUpdate("UPDATE messages SET username = :username WHERE user_id = :userId")
    int renameAuthor(@Bind("userId") String userId, @Bind("username") String username);

    @SqlUpdate("UPDATE rooms SET owner_username = :username WHERE owner_id = :userId")
    int renameOwner(@Bind("userId") String userId, @Bind("username") String username);

    /** The user's messages, oldest first, for deletion with the user. */
    @SqlQuery("SELECT id FROM messages WHERE user_id = :userId ORDER BY ts")
    List<String> messageIds(@Bind("userId") String userId);
}
