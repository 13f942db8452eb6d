package dev.fedchat.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedchat.server.config.DatabaseConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a hostile request could change on a server, read straight from its database: rooms,
 * memberships, messages and their deletions, users, files, the event graph, the outbox, the
 * events set aside and the users' chosen statuses. The adversarial tests take one before a probe and assert, after it, that
 * {@link #assertUnchangedSince} holds: the probe was refused <em>and</em> changed nothing, the
 * second half being what a status code alone cannot show.
 *
 * <p>Left out on purpose: login tokens and settings (a probe's own log-in writes them), and
 * {@code federation_peers} (its counters and last-success time move with every proven request,
 * refused or not). Rows are compared whole, ordered by their key, so a reordering is no change.
 */
public record StateSnapshot(Map<String, List<Map<String, Object>>> tables) {
    /** Table → the columns that order its rows (its key). */
    private static final Map<String, String> TABLES = orderedTables();

    private static Map<String, String> orderedTables() {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("users", "id");
        t.put("rooms", "id");
        t.put("subscriptions", "room_id, user_id");
        t.put("subscription_removals", "room_id, user_id, removed_at, subscription_id");
        t.put("messages", "id");
        t.put("message_deletions", "message_id");
        t.put("files", "id");
        t.put("federation_events", "id");
        t.put("federation_outbox", "seq");
        t.put("federation_rejected", "seq");
        t.put("user_presence", "user_id");
        t.put("user_avatars", "user_id");
        t.put("remote_avatar_checks", "user_id");
        return t;
    }

    /** Reads the state of {@code server}'s database now. */
    public static StateSnapshot of(TestServer server) {
        return of(server.config().database());
    }

    public static StateSnapshot of(DatabaseConfig database) {
        Map<String, List<Map<String, Object>>> read = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(database.url(), database.user(), database.password());
             Statement s = c.createStatement()) {
            for (Map.Entry<String, String> table : TABLES.entrySet()) {
                read.put(table.getKey(), rows(s, "SELECT * FROM " + table.getKey() + " ORDER BY " + table.getValue()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the state of " + database.describe(), e);
        }
        return new StateSnapshot(read);
    }

    private static List<Map<String, Object>> rows(Statement s, String sql) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new TreeMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    Object value = rs.getObject(i);
                    // bytes compared by content, not by array identity
                    row.put(meta.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT),
                            value instanceof byte[] bytes ? java.util.HexFormat.of().formatHex(bytes) : value);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** How many rows {@code table} holds. */
    public int count(String table) {
        return tables.get(table).size();
    }

    /** Fails, naming each table that changed and how, unless this state equals {@code before}. */
    public void assertUnchangedSince(StateSnapshot before) {
        for (String table : TABLES.keySet()) {
            assertThat(tables.get(table)).as("the rows of %s after the probe", table)
                    .containsExactlyElementsOf(before.tables.get(table));
        }
    }
}
