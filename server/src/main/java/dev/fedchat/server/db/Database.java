package dev.fedchat.server.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.fedchat.protocol.storage.H2CrashRecovery;
import dev.fedchat.server.config.ConfigException;
import dev.fedchat.server.config.DatabaseConfig;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection pool, the migrations and the {@link Jdbi} handle factory for one database.
 *
 * <p>Migrations live in {@code db/migration/common} (portable SQL) plus a vendor folder,
 * {@code db/migration/postgresql} or {@code db/migration/h2}, for the rare statement that differs.
 * They run once, at {@link #open}. Thread-safe; close it last, after everything that uses it.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource pool;
    private final Jdbi jdbi;

    private Database(HikariDataSource pool) {
        this.pool = pool;
        this.jdbi = Jdbi.create(pool).installPlugin(new SqlObjectPlugin());
    }

    public static Database open(DatabaseConfig config) {
        // before the first connection: H2's own recovery after a kill can miss the last commits
        H2CrashRecovery.beforeOpen(config.url());
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.url());
        hikari.setUsername(config.user());
        hikari.setPassword(config.password());
        hikari.setPoolName("fedchat-db");
        hikari.setMaximumPoolSize(config.isPostgres() ? 16 : 8);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            if (inUseElsewhere(e)) {
                throw new ConfigException("the embedded database " + config.describe() + " is in use by another"
                        + " process (a fedchat server already running on this data directory?). Stop it first, or use"
                        + " PostgreSQL (--db-url) to share one database between processes.");
            }
            throw e;
        }
        try {
            String vendor = config.isPostgres() ? "postgresql" : "h2";
            var result = Flyway.configure()
                    .dataSource(pool)
                    .locations("classpath:db/migration/common", "classpath:db/migration/" + vendor)
                    .validateMigrationNaming(true)
                    .failOnMissingLocations(false)
                    .load()
                    .migrate();
            if (result.migrationsExecuted > 0) {
                log.info("Database schema migrated to version {} ({} migrations applied)",
                        result.targetSchemaVersion, result.migrationsExecuted);
            }
            return new Database(pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** H2's "database may be already in use" (error 90020): another process holds the file lock. */
    private static boolean inUseElsewhere(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof java.sql.SQLException sql && sql.getErrorCode() == 90020) {
                return true;
            }
        }
        return false;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    @Override
    public void close() {
        pool.close();
    }
}
