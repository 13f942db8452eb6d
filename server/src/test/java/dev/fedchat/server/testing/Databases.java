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
