package dev.fedchat.hub;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The databases the hub's store tests run on: embedded H2 always, and PostgreSQL when the test
 * command passes an admin URL as {@code -Dfedchat.pg.url} (test.sh does): each test then gets a
 * database of its own there, dropped by {@link #dropCreated()}.
 */
final class HubDatabases {
    static final String PG_URL_PROPERTY = "fedchat.pg.url";

    /** Names of the PostgreSQL databases created by this JVM and not dropped yet. */
    private static final List<String> created = new ArrayList<>();

    private HubDatabases() {}

    /** The vendors to run on: {@code h2}, and {@code postgresql} when configured. */
    static List<String> vendors() {
        return adminUrl() == null ? List.of("h2") : List.of("h2", "postgresql");
    }

    static synchronized HubDatabaseConfig fresh(String vendor, Path dataDir) {
        if (vendor.equals("h2")) {
            return HubDatabaseConfig.embedded(dataDir);
        }
        String name = "fedchat_hub_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        run("CREATE DATABASE " + name);
        created.add(name);
        String url = adminUrl().replaceFirst("/[^/?]*(\\?|$)", "/" + name + "$1");
        return new HubDatabaseConfig(url, System.getProperty("fedchat.pg.user", "postgres"), "");
    }

    static synchronized void dropCreated() {
        for (String name : created) {
            run("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
        created.clear();
    }

    private static String adminUrl() {
        String url = System.getProperty(PG_URL_PROPERTY);
        return url == null || url.isBlank() ? null : url;
    }

    private static void run(String sql) {
        try (Connection c = DriverManager.getConnection(adminUrl())) {
            c.createStatement().execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL refused " + sql + ": " + e.getMessage(), e);
        }
    }
}
