package dev.fedchat.bench.load;

import dev.fedchat.server.config.DatabaseConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The database one search measurement runs on, reached beside the server for what the API cannot
 * do fast enough: filling the messages table, and dropping the search index to price it. An H2
 * file in the run's directory (opened again in the server's JVM with the server's URL, so both
 * share one database), or a fresh PostgreSQL database dropped at the end.
 *
 * <p>{@code h2-fulltext} is the alternative fedchat rejected for H2: H2's native full-text index
 * ({@code org.h2.fulltext.FullText}) installed on the messages table by this class, to price its
 * writes and time its own search ({@code FT_SEARCH_DATA}) beside the shipped room walk.
 */
final class SearchDatabase implements AutoCloseable {
    private static final int BATCH = 1_000;

    private final String name;
    private final DatabaseConfig config;
    private final String adminUrl;
    private final String pgDatabase;

    private SearchDatabase(String name, DatabaseConfig config, String adminUrl, String pgDatabase) {
        this.name = name;
        this.config = config;
        this.adminUrl = adminUrl;
        this.pgDatabase = pgDatabase;
    }

    static SearchDatabase h2(Path dataDir, boolean withFullText) {
        return new SearchDatabase(withFullText ? "h2-fulltext" : "h2", DatabaseConfig.embedded(dataDir), null, null);
    }

    static SearchDatabase postgres(String adminUrl) {
        String db = "fedchat_search_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10).toLowerCase(Locale.ROOT);
        execute(adminUrl, "CREATE DATABASE " + db);
        String url = adminUrl.replaceFirst("/[^/?]*(\\?|$)", "/" + db + "$1");
        return new SearchDatabase("postgresql", new DatabaseConfig(url, "postgres", ""), adminUrl, db);
    }

    String name() {
        return name;
    }

    DatabaseConfig config() {
        return config;
    }

    /** A message row to insert as a peer's or an import's would be: text, author, time; no mentions. */
    record Row(String id, String roomId, String userId, String username, String text, long ts) {}

    /** Inserts the rows in transactions of {@value #BATCH}; the index is kept as on any write. */
    void insert(List<Row> rows) throws SQLException {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("INSERT INTO messages (id, room_id, user_id, username, user_name,"
                    + " msg, ts, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                int pending = 0;
                for (Row r : rows) {
                    s.setString(1, r.id());
                    s.setString(2, r.roomId());
                    s.setString(3, r.userId());
                    s.setString(4, r.username());
                    s.setString(5, r.username());
                    s.setString(6, r.text());
                    s.setLong(7, r.ts());
                    s.setLong(8, r.ts());
                    s.addBatch();
                    if (++pending == BATCH) {
                        s.executeBatch();
                        c.commit();
                        pending = 0;
                    }
                }
                s.executeBatch();
                c.commit();
            }
        }
    }

    /** After the server's migrations: installs H2's native full-text index for {@code h2-fulltext}. */
    void prepare() throws SQLException {
        if (name.equals("h2-fulltext")) {
            try (Connection c = connect(); Statement s = c.createStatement()) {
                s.execute("CREATE ALIAS IF NOT EXISTS FT_INIT FOR 'org.h2.fulltext.FullText.init'");
                s.execute("CALL FT_INIT()");
                s.execute("CALL FT_CREATE_INDEX('public', 'messages', 'msg')");
            }
        }
    }

    /** H2's native full-text search, scoped and paged as chat.search is: the newest 50 of the room. */
    int fullTextSearch(String roomId, String words) throws SQLException {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement("SELECT m.id FROM FT_SEARCH_DATA(?, 0, 0) hit"
                + " JOIN messages m ON m.id = hit.\"KEYS\"[1] WHERE m.room_id = ? ORDER BY m.ts DESC LIMIT 50")) {
            s.setString(1, words);
            s.setString(2, roomId);
            int n = 0;
            try (var rs = s.executeQuery()) {
                while (rs.next()) {
                    n++;
                }
            }
            return n;
        }
    }

    /** Fresh statistics, as autovacuum or an operator's ANALYZE leave them. */
    void analyze() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(name.equals("postgresql") ? "VACUUM ANALYZE messages" : "ANALYZE");
        }
    }

    /**
     * Removes the search index and what keeps it, so the post path runs as before issue 13. Plain
     * H2 has none: its "without" run measures the same server again (the noise of the comparison).
     */
    void dropSearchIndex() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            if (name.equals("h2-fulltext")) {
                s.execute("CALL FT_DROP_INDEX('public', 'messages')");
            } else if (name.equals("postgresql")) {
                s.execute("DROP INDEX messages_msg_search");
                s.execute("ALTER TABLE messages DROP COLUMN msg_search");
            }
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(config.url(), config.user(), config.password());
    }

    @Override
    public void close() {
        if (pgDatabase != null) {
            execute(adminUrl, "DROP DATABASE IF EXISTS " + pgDatabase + " WITH (FORCE)");
        }
    }

    private static void execute(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + url, e);
        }
    }
}
