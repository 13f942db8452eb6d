package dev.fedchat.app;

import picocli.CommandLine.Option;

/** {@code --db-url}, {@code --db-user}, {@code --db-password}: a PostgreSQL database instead of the embedded one (server and hub alike). */
final class JdbcOptions {
    @Option(names = "--db-url", description = "JDBC URL of a PostgreSQL database to use instead of the embedded one")
    String url;

    @Option(names = "--db-user", defaultValue = "postgres", description = "Database user (default: ${DEFAULT-VALUE})")
    String user;

    @Option(names = "--db-password", defaultValue = "", description = "Database password")
    String password;

    boolean given() {
        return url != null;
    }
}
