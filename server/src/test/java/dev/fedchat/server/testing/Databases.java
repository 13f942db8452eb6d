package dev.fedchat.server.testing;

import dev.fedchat.server.config.DatabaseConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The databases store tests run on: embedded H2 always, PostgreSQL when the test command started
 * one and passed its URL as {@code -Dfedchat.pg.url} (an admin URL; each test gets a fresh
 * database created there and dropped afterwards).
 */
public final class Databases {
    public static final String PG_URL_PROPERTY = "fedchat.pg.url";
    /**
     * {@code postgresql} runs every {@link TestServer} on a fresh PostgreSQL database instead of
     * in-memory H2: the build's second run of the REST and server-to-server tests sets it, so
     * those suites pass on both databases.
     */
    public static final String TEST_DB_PROPERTY = "fedchat.test.db";

    private Databases() {}

    /** A database to run on, and how to get rid of it. */
    public interface Target extends AutoCloseable {
        String name();

        DatabaseConfig config(Path dataDir);

        @Override
        void close();
    }

    public static List<String> names() {
        List<String> names = new ArrayList<>(List.of("h2"));
        if (postgresUrl() != null) {
            names.add("postgresql");
        }
        return names;
    }

    public static Target open(String name) {
        return switch (name) {
            case "h2" -> new Target() {
                public String name() {
                    return "h2";
                }

                public DatabaseConfig config(Path dataDir) {
                    return DatabaseConfig.embedded(dataDir);
                }

                public void close() {
                    // the file lives in the test's data directory, deleted with it
                }
            };
            case "postgresql" -> freshPostgres();
            default -> throw new IllegalArgumentException("unknown database " + name);
        };
    }

    /**
     * The database a {@link TestServer} should start on when the run asks for one with
     * {@code -D}{@value #TEST_DB_PROPERTY}, or null for the default in-memory H2.
     */
    static Target forTestServers() {
        String wanted = System.getProperty(TEST_DB_PROPERTY, "");
        if (wanted.isBlank() || wanted.equals("h2")) {
            return null;
        }
        if (wanted.equals("postgresql") && postgresUrl() == null) {
            throw new IllegalStateException("-D" + TEST_DB_PROPERTY + "=postgresql needs -D" + PG_URL_PROPERTY
                    + " (an admin URL of a running PostgreSQL)");
        }
        return open(wanted);
    }

    private static String postgresUrl() {
        String url = System.getProperty(PG_URL_PROPERTY);
        return url == null || url.isBlank() ? null : url;
    }

    private static Target freshPostgres() {
        String admin = postgresUrl();
        String db = "fedchat_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        execute(admin, "CREATE DATABASE " + db);
        String url = admin.replaceFirst("/[^/?]*(\\?|$)", "/" + db + "$1");
        String user = System.getProperty("fedchat.pg.user", "postgres");
        return new Target() {
            public String name() {
                return "postgresql";
            }

            public DatabaseConfig config(Path dataDir) {
                return new DatabaseConfig(url, user, "");
            }

            public void close() {
                execute(admin, "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            }
        };
    }

    private static void execute(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + url + " refused: " + sql, e);
        }
    }
}
