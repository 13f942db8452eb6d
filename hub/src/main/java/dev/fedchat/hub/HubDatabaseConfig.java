package dev.fedchat.hub;

import java.nio.file.Path;

/**
 * Where the hub's directory lives: an embedded H2 file in the data directory unless a PostgreSQL
 * JDBC URL is given. The hub has a database of its own; it never shares the server's schema.
 */
public record HubDatabaseConfig(String url, String user, String password) {

    /**
     * H2 in PostgreSQL mode, so one set of migrations serves both; {@code WRITE_DELAY=0} puts every
     * commit in the file before the request is answered, so an accepted registration survives a crash.
     */
    public static HubDatabaseConfig embedded(Path dataDir) {
        Path file = dataDir.toAbsolutePath().normalize().resolve("hub");
        return new HubDatabaseConfig("jdbc:h2:file:" + file + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;WRITE_DELAY=0", "sa", "");
    }

    public boolean isPostgres() {
        return url.startsWith("jdbc:postgresql:");
    }

    /** The URL without options or credentials, for logs. */
    public String describe() {
        return isPostgres() ? url.replaceFirst("\\?.*", "") : url.replaceFirst(";.*", "") + " (embedded H2)";
    }
}
