package dev.fedchat.server.message;

import dev.fedchat.server.db.Like;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * One search statement over {@code messages m}, built from a {@link SearchQuery}: the room, the
 * filters every database writes alike, and the conditions a {@link TextMatch}
 * adds. User text is only ever bound, never spliced. Not thread-safe; one per search.
 */
final class SearchSql {
    private final List<String> conditions = new ArrayList<>();
    private final Map<String, Object> bindings = new LinkedHashMap<>();

    /**
     * The room and every filter but the text. System messages (joins, leaves, renames) are left
     * out: a search is for what people wrote (Rocket.Chat hid only removed messages).
     */
    static SearchSql filters(String roomId, String callerId, SearchQuery q, SearchMarks marks) {
        SearchSql sql = new SearchSql();
        sql.where("m.room_id = " + sql.bind(roomId));
        sql.where("m.type IS NULL");
        if (q.since() > 0) {
            sql.where("m.ts >= " + sql.bind(q.since()));
        }
        if (q.until() < Long.MAX_VALUE) {
            sql.where("m.ts < " + sql.bind(q.until()));
        }
        if (!q.from().isEmpty()) {
            sql.where("LOWER(m.username) IN (" + String.join(", ", q.from().stream().map(sql::bind).toList()) + ")");
        }
        if (!q.mentions().isEmpty()) {
            // mentions is MessageDao's JSON text [{"id":..,"username":..,"name":..}]: the exact username entry
            sql.where("(" + String.join(" OR ", q.mentions().stream()
                    .map(u -> "LOWER(m.mentions) LIKE " + sql.bind(Like.contains("\"username\":\"" + u + "\"")))
                    .toList()) + ")");
        }
        if (q.hasUrl()) {
            sql.where("(LOWER(m.msg) LIKE '%http://%' OR LOWER(m.msg) LIKE '%https://%')");
        }
        if (q.pinned()) {
            sql.where(marks.pinned());
        }
        if (q.starredByCaller()) {
            sql.bindings.put("caller", callerId);
            sql.where(marks.starredByCaller());
        }
        if (q.hasLocation()) {
            sql.where("FALSE"); // fedchat stores no message locations (Rocket.Chat's location field)
        }
        return sql;
    }

    /** Binds a value and returns its placeholder. */
    String bind(Object value) {
        String name = "p" + bindings.size();
        bindings.put(name, value);
        return ":" + name;
    }

    void where(String condition) {
        conditions.add(condition);
    }

    /** The statement selecting {@code columns}, ordered by time, with {@code tail} (LIMIT ...) after the order. */
    Query select(Handle h, String columns, boolean oldestFirst, String tail) {
        String direction = oldestFirst ? "ASC" : "DESC";
        Query query = h.createQuery("SELECT " + columns + " FROM messages m WHERE " + String.join(" AND ", conditions)
                + " ORDER BY m.ts " + direction + ", m.id " + direction + " " + tail);
        bindings.forEach(query::bind);
        return query;
    }
}
