package dev.fedchat.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.fedchat.server.config.DatabaseConfig;
import dev.fedchat.server.testing.Databases;
import dev.fedchat.server.testing.TestServer;
import java.nio.file.Path;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * The safety net under the edge checks: real errors of both databases, as JDBI throws them, are
 * told apart by their SQLState class, so the caller's bad input answers 400 and is logged on one
 * line without a stack, a lost race 409, an unreachable database 503, and only our own bugs 500.
 */
class DatabaseFailureTest {
    static List<String> databases() {
        return Databases.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void eachKindOfError_isClassifiedByItsSqlStateOnBothDatabases(String database) {
        Path dir = TestServer.tempDir();
        try (Databases.Target target = Databases.open(database)) {
            DatabaseConfig config = target.config(dir);
            Jdbi jdbi = Jdbi.create(config.url(), config.user(), config.password());
            jdbi.useHandle(h -> h.execute("CREATE TABLE probe (id VARCHAR(4) PRIMARY KEY, n INT)"));
            jdbi.useHandle(h -> h.execute("INSERT INTO probe (id, n) VALUES ('a', 1)"));

            assertThat(kindOf(jdbi, "INSERT INTO probe (id, n) VALUES ('toolong', 1)")).isEqualTo(DatabaseFailure.Kind.BAD_INPUT);
            assertThat(kindOf(jdbi, "SELECT CAST('x' AS INT)")).isEqualTo(DatabaseFailure.Kind.BAD_INPUT);
            assertThat(kindOf(jdbi, "INSERT INTO probe (id, n) VALUES ('a', 2)")).isEqualTo(DatabaseFailure.Kind.CONFLICT);
            assertThat(kindOf(jdbi, "SELECT nothing FROM nowhere")).isEqualTo(DatabaseFailure.Kind.BUG);
            if (config.isPostgres()) {
                // the case that was a 500 on PostgreSQL alone: its text cannot hold U+0000
                Throwable nul = catchThrowable(() -> jdbi.useHandle(h -> h.createUpdate("INSERT INTO probe (id, n) VALUES (:id, 3)")
                        .bind("id", "b\u0000").execute()));
                assertThat(DatabaseFailure.in(nul).orElseThrow().kind()).isEqualTo(DatabaseFailure.Kind.BAD_INPUT);
            }
        } finally {
            TestServer.deleteRecursively(dir);
        }
    }

    @Test
    void aDatabaseThatCannotBeReached_isUnavailable() {
        Jdbi jdbi = Jdbi.create("jdbc:postgresql://127.0.0.1:1/nothing?connectTimeout=2", "postgres", "");

        Throwable failure = catchThrowable(() -> jdbi.useHandle(h -> h.execute("SELECT 1")));

        DatabaseFailure classified = DatabaseFailure.in(failure).orElseThrow();
        assertThat(classified.kind()).isEqualTo(DatabaseFailure.Kind.UNAVAILABLE);
        assertThat(classified.answer().status()).isEqualTo(503);
    }

    @Test
    void aRefusedInput_isAnswered400AndLoggedOnOneLineWithoutAStack() {
        DatabaseFailure failure = new DatabaseFailure(DatabaseFailure.Kind.BAD_INPUT, "22021",
                "ERROR: invalid byte sequence for encoding \"UTF8\": 0x00");
        ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("probe.bad-input");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        log.addAppender(lines);

        failure.log(log, "POST /api/v1/chat.postMessage", new IllegalStateException("wrapped"));

        assertThat(failure.answer().status()).isEqualTo(400);
        assertThat(failure.answer().getMessage()).isEqualTo(
                "The request holds a value the database cannot store (SQLState 22021) [invalid-params]");
        assertThat(lines.list).singleElement().satisfies(line -> {
            assertThat(line.getLevel()).isEqualTo(Level.WARN);
            assertThat(line.getFormattedMessage()).startsWith("POST /api/v1/chat.postMessage: refused with 400").contains("22021");
            assertThat(line.getThrowableProxy()).isNull();
        });
    }

    @Test
    void aBug_isAGeneric500ThatSaysNothingOfTheDatabase() {
        DatabaseFailure failure = new DatabaseFailure(DatabaseFailure.Kind.BUG, "42P01", "relation \"nowhere\" does not exist");

        assertThat(failure.answer().status()).isEqualTo(500);
        assertThat(failure.answer().reason()).isEqualTo("Internal server error");
    }

    /** The kind of the error {@code sql} fails with (run as a query when it is a SELECT). */
    private static DatabaseFailure.Kind kindOf(Jdbi jdbi, String sql) {
        boolean query = sql.startsWith("SELECT");
        Throwable failure = catchThrowable(() -> jdbi.useHandle(h -> {
            if (query) {
                h.createQuery(sql).mapToMap().list();
            } else {
                h.execute(sql);
            }
        }));
        assertThat(failure).as(sql).isNotNull();
        return DatabaseFailure.in(failure).orElseThrow().kind();
    }
}
