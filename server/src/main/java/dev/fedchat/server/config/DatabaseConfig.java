package dev.fedchat.server.config;

import java.nio.file.Path;

/** A JDBC location with credentials; H2 embedded unless a PostgreSQL URL is given. */
public record DatabaseConfig(String url, String user, String password) {

    /**
     * H2 in PostgreSQL mode, so one set of migrations serves both databases. {@code WRITE_DELAY=0}
     * makes every commit reach the file before the request is answered: what was accepted survives
     * a crash of the process.
     */
    public static DatabaseConfig embedded(Path dataDir) {
        Path file = dataDir.toAbsolutePath().normalize().resolve("fedchat");
        return new DatabaseConfig("jdbc:h2:file:" + file + h2Options() + ";WRITE_DELAY=0", "sa", "");
    }

    /** A private in-memory H2 database (tests). */
    public static DatabaseConfig inMemory(String name) {
        return new DatabaseConfig("jdbc:h2:mem:" + name + h2Options() + ";DB_CLOSE_DELAY=-1", "sa", "");
    }

    private static String h2Options() {
        return ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
    }

    public boolean isPostgres() {
        return url.startsWith("jdbc:postgresql:");
    }

    /** The URL without credentials, for logs. */
    public String describe() {
        return isPostgres() ? url : url.replaceFirst(";.*", "") + " (embedded H2)";
    }
}
