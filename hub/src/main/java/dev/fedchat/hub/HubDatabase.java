package dev.fedchat.hub;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.fedchat.protocol.storage.H2CrashRecovery;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's connection pool, migrations and {@link Jdbi}. Migrations live in {@code db/hub}
 * (portable SQL for H2 in PostgreSQL mode and PostgreSQL), apart from the server's
 * {@code db/migration}, because both sit in the one runnable jar; their history is kept in
 * {@code hub_schema_history}, so even a database shared with a server by mistake does not mix them.
 * Thread-safe; close it after everything that uses it.
 */
final class HubDatabase implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HubDatabase.class);
    /** H2's "database may be already in use": another process holds the file lock. */
    private static final int H2_IN_USE = 90020;

    private final HikariDataSource pool;
    private final Jdbi jdbi;

    private HubDatabase(HikariDataSource pool) {
        this.pool = pool;
        this.jdbi = Jdbi.create(pool);
    }

    static HubDatabase open(HubDatabaseConfig config) {
        // before the first connection: H2's own recovery after a kill can miss the last commits
        H2CrashRecovery.beforeOpen(config.url());
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.url());
        hikari.setUsername(config.user());
        hikari.setPassword(config.password());
        hikari.setPoolName("fedchat-hub-db");
        // registrations and lookups are short statements; the hub is small on purpose
        hikari.setMaximumPoolSize(4);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw explain(config, e);
        }
        try {
            var result = Flyway.configure()
                    .dataSource(pool)
                    .locations("classpath:db/hub")
                    .table("hub_schema_history")
                    .validateMigrationNaming(true)
                    .load()
                    .migrate();
            if (result.migrationsExecuted > 0) {
                log.info("Hub database schema migrated to version {} ({} migrations applied)",
                        result.targetSchemaVersion, result.migrationsExecuted);
            }
            return new HubDatabase(pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    private static RuntimeException explain(HubDatabaseConfig config, RuntimeException e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof SQLException sql && sql.getErrorCode() == H2_IN_USE) {
                return new HubConfigException("the embedded hub database " + config.describe() + " is in use by another"
                        + " process (a hub already running on this data directory?). Stop it first, or use PostgreSQL"
                        + " (--db-url) to share the directory between processes.");
            }
        }
        return e;
    }

    Jdbi jdbi() {
        return jdbi;
    }

    @Override
    public void close() {
        pool.close();
    }
}
