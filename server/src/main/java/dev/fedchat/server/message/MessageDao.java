package dev.fedchat.server.message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fedchat.server.db.Like;
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
            + " reactions, extra, ts, updated_at, edited_at, edited_by_id, edited_by_name, tcount, tlm, replies,"
            + " pinned_at, pinned_by_id, pinned_by_name, starred";
    private static final TypeReference<List<Message.Mention>> MENTIONS = new TypeReference<>() {};
    private static final TypeReference<Map<String, List<String>>> REACTIONS = new TypeReference<>() {};
    private static final TypeReference<Map<String, Object>> EXTRA = new TypeReference<>() {};
    private static final TypeReference<List<String>> IDS = new TypeReference<>() {};

    private final Handle handle;
    private final ObjectMapper json;

    MessageDao(Handle handle, ObjectMapper json) {
        this.handle = handle;
        this.json = json;
    }

    void insert(Message m) {
        handle.createUpdate("INSERT INTO messages (" + COLUMNS + ") VALUES (:id, :roomId, :userId, :username,"
                        + " :userName, :msg, :type, :tmid, :mentions, :reactions, :extra, :ts, :updatedAt, :editedAt,"
                        + " :editedById, :editedByName, :tcount, :tlm, :replies, :pinnedAt, :pinnedById, :pinnedByName,"
                        + " :starred)")
                .bind("id", m.id()).bind("roomId", m.roomId()).bind("userId", m.userId())
                .bind("username", m.username()).bind("userName", m.userName()).bind("msg", m.msg())
                .bind("type", m.type()).bind("tmid", m.tmid())
                .bind("mentions", write(m.mentions())).bind("reactions", write(m.reactions()))
                .bind("extra", write(m.extra())).bind("ts", m.ts()).bind("updatedAt", m.updatedAt())
                .bind("editedAt", m.editedAt()).bind("editedById", m.editedById())
                .bind("editedByName", m.editedByName())
                .bind("tcount", m.thread().count()).bind("tlm", m.thread().lastReplyAt())
                .bind("replies", writeIds(m.thread().followers()))
                .bind("pinnedAt", m.pin() == null ? null : m.pin().at())
                .bind("pinnedById", m.pin() == null ? null : m.pin().byId())
                .bind("pinnedByName", m.pin() == null ? null : m.pin().byUsername())
                .bind("starred", writeIds(m.starredBy()))
                .execute();
    }

    /** Writes who pinned the message back (null: nobody), with its new {@code _updatedAt}. */
    void updatePin(Message m) {
        handle.createUpdate("UPDATE messages SET pinned_at = :pinnedAt, pinned_by_id = :pinnedById,"
                        + " pinned_by_name = :pinnedByName, updated_at = :updatedAt WHERE id = :id")
                .bind("id", m.id()).bind("updatedAt", m.updatedAt())
                .bind("pinnedAt", m.pin() == null ? null : m.pin().at())
                .bind("pinnedById", m.pin() == null ? null : m.pin().byId())
                .bind("pinnedByName", m.pin() == null ? null : m.pin().byUsername())
                .execute();
    }

    /** Writes who starred the message back. Its {@code _updatedAt} stays: a star is one reader's, not a change of the message. */
    void updateStars(Message m) {
        handle.createUpdate("UPDATE messages SET starred = :starred WHERE id = :id")
                .bind("id", m.id()).bind("starred", writeIds(m.starredBy())).execute();
    }

    /** The room's pinned messages, latest pin first. */
    List<Message> pinned(String roomId, int count, int offset) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM messages WHERE room_id = :roomId AND pinned_at IS NOT NULL"
                        + " ORDER BY pinned_at DESC, id DESC LIMIT :count OFFSET :offset")
                .bind("roomId", roomId).bind("count", count).bind("offset", offset)
                .map((rs, ctx) -> read(rs)).list();
    }

    long countPinned(String roomId) {
        return handle.createQuery("SELECT count(*) FROM messages WHERE room_id = :roomId AND pinned_at IS NOT NULL")
                .bind("roomId", roomId).mapTo(Long.class).one();
    }

    /** The room's messages {@code userId} starred, newest first. */
    List<Message> starred(String roomId, String userId, int count, int offset) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM messages WHERE room_id = :roomId AND starred LIKE :who"
                        + " ORDER BY ts DESC, id DESC LIMIT :count OFFSET :offset")
                .bind("roomId", roomId).bind("who", quotedIn(userId)).bind("count", count).bind("offset", offset)
                .map((rs, ctx) -> read(rs)).list();
    }

    long countStarred(String roomId, String userId) {
        return handle.createQuery("SELECT count(*) FROM messages WHERE room_id = :roomId AND starred LIKE :who")
                .bind("roomId", roomId).bind("who", quotedIn(userId)).mapTo(Long.class).one();
    }

    /** A LIKE pattern for a JSON array of ids holding {@code id}: a quoted id is one whole element. */
    private static String quotedIn(String id) {
        return "%\"" + Like.escape(id) + "\"%";
    }

    /** Writes the thread a message starts back, with its new {@code _updatedAt}. */
    void updateThread(Message m) {
        handle.createUpdate("UPDATE messages SET tcount = :tcount, tlm = :tlm, replies = :replies, updated_at = :updatedAt"
                        + " WHERE id = :id")
                .bind("id", m.id()).bind("tcount", m.thread().count()).bind("tlm", m.thread().lastReplyAt())
                .bind("replies", writeIds(m.thread().followers())).bind("updatedAt", m.updatedAt())
                .execute();
    }

    /**
     * The count and latest {@code ts} of the replies to {@code parentId} held here: a parent that
     * arrives after some of its replies (peers' events can) starts with them counted.
     */
    Message.Thread repliesHeld(String parentId) {
        return handle.createQuery("SELECT count(*) AS n, max(ts) AS latest FROM messages WHERE tmid = :id")
                .bind("id", parentId)
                .map((rs, ctx) -> {
                    long latest = rs.getLong("latest");
                    return new Message.Thread(rs.getInt("n"), rs.wasNull() ? null : latest, List.of());
                }).one();
    }

    /**
     * The thread parents of a room, latest reply first; {@code followerId} non-null keeps only the
     * threads that user follows, {@code activeAfter} non-null only those with a reply after it.
     */
    List<Message> threads(String roomId, String followerId, Long activeAfter, String textLike, int count, int offset) {
        return threadQuery("SELECT " + COLUMNS, roomId, followerId, activeAfter, textLike,
                " ORDER BY tlm DESC, id DESC LIMIT :count OFFSET :offset")
                .bind("count", count).bind("offset", offset)
                .map((rs, ctx) -> read(rs)).list();
    }

    long countThreads(String roomId, String followerId, Long activeAfter, String textLike) {
        return threadQuery("SELECT count(*)", roomId, followerId, activeAfter, textLike, "").mapTo(Long.class).one();
    }

    private Query threadQuery(String select, String roomId, String followerId, Long activeAfter, String textLike,
                              String tail) {
        StringBuilder sql = new StringBuilder(select).append(" FROM messages WHERE room_id = :roomId AND tcount > 0");
        if (followerId != null) {
            sql.append(" AND replies LIKE :follower");
        }
        if (activeAfter != null) {
            sql.append(" AND tlm > :activeAfter");
        }
        if (textLike != null) {
            sql.append(" AND lower(msg) LIKE :text");
        }
        Query q = handle.createQuery(sql.append(tail).toString()).bind("roomId", roomId);
        if (followerId != null) {
            q.bind("follower", quotedIn(followerId));
        }
        if (activeAfter != null) {
            q.bind("activeAfter", activeAfter);
        }
        if (textLike != null) {
            q.bind("text", textLike);
        }
        return q;
    }

    /** The replies of a thread, oldest first. */
    List<Message> replies(String parentId, int count, int offset) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM messages WHERE tmid = :id ORDER BY ts, id"
                        + " LIMIT :count OFFSET :offset")
                .bind("id", parentId).bind("count", count).bind("offset", offset)
                .map((rs, ctx) -> read(rs)).list();
    }

    long countReplies(String parentId) {
        return handle.createQuery("SELECT count(*) FROM messages WHERE tmid = :id").bind("id", parentId)
                .mapTo(Long.class).one();
    }

    /** Thread parents of a room whose thread or text changed after {@code since}, oldest change first. */
    List<Message> threadsChangedSince(String roomId, long since, int limit) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM messages WHERE room_id = :roomId AND tcount > 0"
                        + " AND updated_at > :since ORDER BY updated_at, id LIMIT :limit")
                .bind("roomId", roomId).bind("since", since).bind("limit", limit)
                .map((rs, ctx) -> read(rs)).list();
    }

    /** Replies of a thread changed after {@code since}, oldest change first. */
    List<Message> repliesChangedSince(String parentId, long since, int limit) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM messages WHERE tmid = :id AND updated_at > :since"
                        + " ORDER BY updated_at, id LIMIT :limit")
                .bind("id", parentId).bind("since", since).bind("limit", limit)
                .map((rs, ctx) -> read(rs)).list();
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
                rs.getString("edited_by_name"), readThread(rs), readPin(rs),
                parse(rs.getString("starred"), IDS, List.of()));
    }

    private static Message.Pin readPin(ResultSet rs) throws SQLException {
        long at = rs.getLong("pinned_at");
        return rs.wasNull() ? null : new Message.Pin(at, rs.getString("pinned_by_id"), rs.getString("pinned_by_name"));
    }

    private Message.Thread readThread(ResultSet rs) throws SQLException {
        int count = rs.getInt("tcount");
        long tlm = rs.getLong("tlm");
        Long latest = rs.wasNull() ? null : tlm;
        List<String> followers = parse(rs.getString("replies"), IDS, List.of());
        return count == 0 && latest == null && followers.isEmpty() ? Message.Thread.NONE
                : new Message.Thread(count, latest, followers);
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

    /** A list of ids, or NULL when empty: most messages have no followers and no stars, and their insert writes nothing for them. */
    private String writeIds(List<String> ids) {
        return ids.isEmpty() ? null : write(ids);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value, e);
        }
    }
}
