package dev.fedchat.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fedchat.server.error.RcException;
import dev.fedchat.server.testing.Databases;
import dev.fedchat.server.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Group commit on every database: units that queue behind a commit share the next one, a unit
 * that fails is undone alone (its savepoint), and the others are stored.
 */
class CommitGroupTest {

    static List<String> databases() {
        return Databases.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void queuedUnitsShareOneCommit_andAFailingUnitIsUndoneAlone(String database) throws Exception {
        Path dir = TestServer.tempDir();
        ExecutorService callers = Executors.newFixedThreadPool(12);
        try (Databases.Target target = Databases.open(database);
             Database db = Database.open(target.config(dir));
             CommitGroup group = new CommitGroup(db.jdbi())) {
            // step 1: a first unit holds the writer until the others are queued behind it
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<String> blocker = CompletableFuture.supplyAsync(() -> group.run(h -> {
                insert(h, "first");
                await(release);
                return "first";
            }), callers);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> group.waitingForTest() == 0 && !blocker.isDone());

            // step 2: ten units queue; every third one fails after writing (a duplicate key, then a refusal)
            List<CompletableFuture<String>> queued = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int n = i;
                queued.add(CompletableFuture.supplyAsync(() -> group.run(h -> {
                    insert(h, "unit" + n);
                    if (n % 3 == 0) {
                        if (n == 0) {
                            insert(h, "first"); // a unique violation: the database refuses the unit
                        }
                        throw RcException.invalid("error-test", "unit " + n + " refused");
                    }
                    return "unit" + n;
                }), callers));
            }
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> group.waitingForTest() == 10);
            long before = group.transactions();
            release.countDown();

            // step 3: the blocker commits alone, the ten share one commit
            assertThat(blocker.get(10, TimeUnit.SECONDS)).isEqualTo("first");
            for (int i = 0; i < 10; i++) {
                CompletableFuture<String> f = queued.get(i);
                if (i % 3 == 0) {
                    assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(RuntimeException.class);
                } else {
                    assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo("unit" + i);
                }
            }
            assertThat(group.transactions() - before).as("commits for the blocker and the queued ten").isEqualTo(2);
            List<String> stored = db.jdbi().withHandle(h -> h.createQuery("SELECT id FROM settings ORDER BY id")
                    .mapTo(String.class).list());
            assertThat(stored).containsExactlyInAnyOrder("first", "unit1", "unit2", "unit4", "unit5", "unit7", "unit8");
        } finally {
            callers.shutdownNow();
            TestServer.deleteRecursively(dir);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aLoneFailingUnit_storesNothing_andTheCallerGetsItsException(String database) {
        Path dir = TestServer.tempDir();
        try (Databases.Target target = Databases.open(database);
             Database db = Database.open(target.config(dir));
             CommitGroup group = new CommitGroup(db.jdbi())) {
            assertThatThrownBy(() -> group.run(h -> {
                insert(h, "lonely");
                throw RcException.invalid("error-test", "no");
            })).isInstanceOf(RcException.class).hasMessageContaining("error-test");
            long count = db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM settings").mapTo(Long.class).one());
            assertThat(count).isZero();
            int inserted = group.run(h -> insert(h, "after"));
            assertThat(inserted).isEqualTo(1);
        } finally {
            TestServer.deleteRecursively(dir);
        }
    }

    private static int insert(Handle h, String id) {
        return h.createUpdate("INSERT INTO settings (id, value_json, updated_at) VALUES (:id, '1', 0)").bind("id", id).execute();
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the writer");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
