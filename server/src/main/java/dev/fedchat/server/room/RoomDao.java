package dev.fedchat.server.room;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code rooms} table. */
@RegisterRowMapper(RoomMapper.class)
public interface RoomDao {
    String COLUMNS = "id, type, name, name_key, owner_id, owner_username, read_only, topic, announcement, description,"
            + " message_count,"
            + " last_message_id, last_message_at, created_at, updated_at, federation_origin, federation_domains";

    @SqlUpdate("INSERT INTO rooms (" + COLUMNS + ") VALUES (:id, :type, :name, :nameKey, :ownerId, :ownerUsername,"
            + " :readOnly, :topic, :announcement, :description, :messageCount, :lastMessageId, :lastMessageAt, :createdAt, :updatedAt,"
            + " :federationOrigin, :federationDomainsJson)")
    void insert(@BindMethods Room room);

    @SqlQuery("SELECT " + COLUMNS + " FROM rooms WHERE id = :id")
    Optional<Room> byId(@Bind("id") String id);

    /** Locks the row until the transaction ends: serialises concurrent changes to one room. */
    @SqlQuery("SELECT " + COLUMNS + " FROM rooms WHERE id = :id FOR UPDATE")
    Optional<Room> lock(@Bind("id") String id);

    /**
     * The direct message whose members are exactly {@code userIds} ({@code count} distinct ids,
     * {@code anyMember} one of them), the oldest if a race ever opened two.
     */
    @SqlQuery("SELECT " + COLUMNS + " FROM rooms r WHERE r.type = 'd'"
            + " AND r.id IN (SELECT room_id FROM subscriptions WHERE user_id = :anyMember)"
            + " AND (SELECT count(*) FROM subscriptions s WHERE s.room_id = r.id) = :count"
            + " AND (SELECT count(*) FROM subscriptions s WHERE s.room_id = r.id AND s.user_id IN (<userIds>)) = :count"
            + " ORDER BY r.created_at LIMIT 1")
    Optional<Room> directWithMembers(@BindList("userIds") List<String> userIds, @Bind("anyMember") String anyMember,
                                     @Bind("count") int count);

    @SqlQuery("SELECT " + COLUMNS + " FROM rooms WHERE name_key = :key")
    Optional<Room> byNameKey(@Bind("key") String key);

    @SqlUpdate("UPDATE rooms SET federation_origin = :federationOrigin, federation_domains = :federationDomainsJson,"
            + " updated_at = :updatedAt WHERE id = :id")
    void setFederation(@BindMethods Room room);

    /** A room's settings, as {@link Room#withSettings} made them, and the version they are ({@code settings_at}). */
    @SqlUpdate("UPDATE rooms SET name = :name, name_key = :nameKey, topic = :topic, announcement = :announcement,"
            + " description = :description, read_only = :readOnly, updated_at = :updatedAt, settings_at = :settingsAt"
            + " WHERE id = :id")
    void setSettings(@BindMethods Room room, @Bind("settingsAt") long settingsAt);

    /** When the room's settings or roles last changed ({@code settings_at}); null when never, or no such room. */
    @SqlQuery("SELECT settings_at FROM rooms WHERE id = :id")
    Long settingsAt(@Bind("id") String id);

    @SqlUpdate("DELETE FROM rooms WHERE id = :id")
    int delete(@Bind("id") String id);

    @SqlUpdate("UPDATE rooms SET updated_at = :now WHERE id = :id")
    void touch(@Bind("id") String id, @Bind("now") long now);

    @SqlUpdate("UPDATE rooms SET message_count = message_count + 1, last_message_id = :msgId, last_message_at = :ts,"
            + " updated_at = :ts WHERE id = :id")
    void recordMessage(@Bind("id") String id, @Bind("msgId") String messageId, @Bind("ts") long ts);

    @SqlQuery("SELECT " + COLUMNS + " FROM rooms WHERE type = :type ORDER BY name_key LIMIT :limit OFFSET :offset")
    List<Room> byType(@Bind("type") String type, @Bind("limit") int limit, @Bind("offset") int offset);

    @SqlQuery("SELECT count(*) FROM rooms WHERE type = :type")
    long countByType(@Bind("type") String type);

    /** Public channels whose name contains {@code pattern} (lower-cased, with % wildcards). */
    @SqlQuery("SELECT " + COLUMNS + " FROM rooms WHERE type = 'c' AND name_key LIKE :pattern"
            + " ORDER BY name_key LIMIT :limit OFFSET :offset")
    List<Room> searchChannels(@Bind("pattern") String pattern, @Bind("limit") int limit, @Bind("offset") int offset);

    /** Named rooms {@code userId} can see whose name contains {@code pattern}: public channels and their own groups. */
    @SqlQuery("SELECT " + COLUMNS + " FROM rooms r WHERE r.name_key LIKE :pattern AND (r.type = 'c' OR EXISTS"
            + " (SELECT 1 FROM subscriptions s WHERE s.room_id = r.id AND s.user_id = :userId))"
            + " ORDER BY r.name_key LIMIT :limit")
    List<Room> searchVisible(@Bind("userId") String userId, @Bind("pattern") String pattern, @Bind("limit") int limit);

    @SqlQuery("SELECT count(*) FROM rooms WHERE type = 'c' AND name_key LIKE :pattern")
    long countSearchChannels(@Bind("pattern") String pattern);

    @SqlQuery("SELECT r." + "id, r.type, r.name, r.name_key, r.owner_id, r.owner_username, r.read_only, r.topic,"
            + " r.announcement, r.description,"
            + " r.message_count, r.last_message_id, r.last_message_at, r.created_at, r.updated_at,"
            + " r.federation_origin, r.federation_domains"
            + " FROM rooms r JOIN subscriptions s ON s.room_id = r.id"
            + " WHERE s.user_id = :userId AND r.updated_at > :since ORDER BY r.updated_at DESC")
    List<Room> ofUser(@Bind("userId") String userId, @Bind("since") long since);
}
