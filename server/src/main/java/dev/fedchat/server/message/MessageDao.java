package dev.fedchat.server.message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * The {@code messages} table. Mentions, reactions and the optional fields are JSON text columns:
 * they are read and written whole with their message, never queried. Used on the caller's handle
 * so it takes part in the caller's transaction.
 */
final class MessageDao {
    private static final String COLUMNS = "id, room_id, user_id, username, user_name, msg, type, tmid, mentions,"
            + " reactions, extra, ts, updated_at, edited_at, edited_by_id, edited_by_name";
    private static final TypeReference<List<Message.Mention>> MENTIONS = new TypeReference<>() {};
    private static final TypeReference<Map<String, List<String>>> REACTIONS = new TypeReference<>() {};
    private static final TypeReference<Map<String, Object>> EXTRA = new TypeReference<>() {};

    private final Handle handle;
    private final ObjectMapper json;

    MessageDao(Handle handle, ObjectMapper json) {
        this.handle = handle;
        this.json = json;
    }

    void insert(Message m) {
        handle.createUpdate("INSERT INTO messages (" + COLUMNS + ") VALUES (:id, :roomId, :userId, :username,"
                        + " :userName, :msg, :type, :tmid, :mentions, :reactions, :extra, :ts, :updatedAt, :editedAt,"
                        + " :editedById, :editedByName)")
                .bind("id", m.id()).bind("roomId", m.roomId()).bind("userId", m.userId())
                .bind("username", m.username()).bind("userName", m.userName()).bind("msg", m.msg())
                .bind("type", m.type()).bind("tmid", m.tmid())
                .bind("mentions", write(m.mentions())).bind("reactions", write(m.reactions()))
                .bind("extra", write(m.extra())).bind("ts", m.ts()).bind("updatedAt", m.updatedAt())
                .bind("editedAt", m.editedAt()).bind("editedById", m.editedById())
                .bind("editedByName", m.editedByName())
                .execute();
    }

    /** Writes the mutable part back: text, mentions, reactions and edit marks. */
    void update(Message m) {
        handle.createUpdate("UPDATE messages SET msg = :msg, mentions = :mentions, reactions = :reactions,"
                        + " updated_at = :updatedAt, edited_at = :editedAt, edited_by_id = :editedById,"
                        + " edited_by_name = :editedByName WHERE id = :id")
                .bind("id", m.id()).bind("msg", m.msg()).bind("mentions", write(m.mentions()))
                .bind("reactions", write(m.reactions())).bind("updatedAt", m.updatedAt())
                .bind("editedAt", m.editedAt()).bind("editedById", m.editedById())
                .bind("editedByName", m.editedByName())
                .execute();
    }

    Optional<Message> byId(String id) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM messages WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> read(rs)).findOne();
    }

    /** The row locked until the transaction ends, for read-modify-write (reactions, edits). */
    Optional<Message> lock(String id) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM messages WHERE id = :id FOR UPDATE").bind("id", id)
                .map((rs, ctx) -> read(rs)).findOne();
    }

    /** Deletes the message and leaves the trace {@code chat.syncMessages} reports. */
    int delete(Message m, long at) {
        int deleted = handle.createUpdate("DELETE FROM messages WHERE id = :id").bind("id", m.id()).execute();
        if (deleted > 0) {
            handle.createUpdate("INSERT INTO message_deletions (message_id, room_id, deleted_at) VALUES (:id, :roomId, :at)")
                    .bind("id", m.id()).bind("roomId", m.roomId()).bind("at", at).execute();
        }
        return deleted;
    }

    /** Messages of the room changed (created, edited, reacted to) after {@code since}, oldest change first. */
    List<Message> changedSince(String roomId, long since, int limit) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM messages WHERE room_id = :roomId AND updated_at > :since"
                        + " ORDER BY updated_at, id LIMIT :limit")
                .bind("roomId", roomId).bind("since", since).bind("limit", limit)
                .map((rs, ctx) -> read(rs)).list();
    }

    List<Sync.Deletion> deletedSince(String roomId, long since, int limit) {
        return handle.createQuery("SELECT message_id, deleted_at FROM message_deletions WHERE room_id = :roomId"
                        + " AND deleted_at > :since ORDER BY deleted_at LIMIT :limit")
                .bind("roomId", roomId).bind("since", since).bind("limit", limit)
                .map((rs, ctx) -> new Sync.Deletion(rs.getString("message_id"), rs.getLong("deleted_at"))).list();
    }

    /** Newest first, within (oldest, latest) — bounds included when {@code inclusive}. */
    List<Message> history(String roomId, long oldest, long latest, boolean inclusive, int count, int offset) {
        String lower = inclusive ? ">=" : ">";
        String upper = inclusive ? "<=" : "<";
        Query q = handle.createQuery("SELECT " + COLUMNS + " FROM messages WHERE room_id = :roomId AND ts " + lower
                        + " :oldest AND ts " + upper + " :latest ORDER BY ts DESC, id DESC LIMIT :count OFFSET :offset")
                .bind("roomId", roomId).bind("oldest", oldest).bind("latest", latest)
                .bind("count", count).bind("offset", offset);
        return q.map((rs, ctx) -> read(rs)).list();
    }

    long countHistory(String roomId, long oldest, long latest, boolean inclusive) {
        String lower = inclusive ? ">=" : ">";
        String upper = inclusive ? "<=" : "<";
        return handle.createQuery("SELECT count(*) FROM messages WHERE room_id = :roomId AND ts " + lower
                        + " :oldest AND ts " + upper + " :latest")
                .bind("roomId", roomId).bind("oldest", oldest).bind("latest", latest)
                .mapTo(Long.class).one();
    }

    private Message read(ResultSet rs) throws SQLException {
        long editedAt = rs.getLong("edited_at");
        Long edited = rs.wasNull() ? null : editedAt;
        return new Message(rs.getString("id"), rs.getString("room_id"), rs.getString("user_id"),
                rs.getString("username"), rs.getString("user_name"), rs.getString("msg"), rs.getString("type"),
                rs.getString("tmid"), parse(rs.getString("mentions"), MENTIONS, List.of()),
                parse(rs.getString("reactions"), REACTIONS, Map.of()), parse(rs.getString("extra"), EXTRA, Map.of()),
                rs.getLong("ts"), rs.getLong("updated_at"), edited, rs.getString("edited_by_id"),
                rs.getString("edited_by_name"));
    }

    private <T> T parse(String text, TypeReference<T> type, T empty) {
        if (text == null) {
            return empty;
        }
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored message column is not valid JSON: " + text, e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value, e);
        }
    }
}
