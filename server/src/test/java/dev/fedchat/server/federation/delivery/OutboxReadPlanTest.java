package dev.fedchat.server.federation.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedchat.server.config.DatabaseConfig;
import dev.fedchat.server.db.Database;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.junit.jupiter.api.Test;

/**
 * Reading a queue's next batch costs the batch, not the backlog: on the embedded database the
 * query walks the {@code (domain, seq)} index in order and stops after {@code limit} rows, however
 * many events wait for that peer or for others. (Sorting by {@code seq} alone made H2 read and
 * join every waiting row of the domain for each batch: a backlog drained in quadratic time.)
 * Checked on H2's own account of the rows it scanned ({@code EXPLAIN ANALYZE}), not on a clock.
 */
class OutboxReadPlanTest {
    private static final int WAITING = 2_000;
    private static final int LIMIT = 50;

    @Test
    void theNextBatchOfALongQueue_readsOnlyTheBatch() throws Exception {
        try (Database db = Database.open(DatabaseConfig.inMemory("outbox-plan-" + UUID.randomUUID()))) {
            db.jdbi().useTransaction(h -> {
                for (int i = 0; i < WAITING; i++) {
                    DeliveryFixture.storeEvent(h, "e" + i, i);
                }
                h.execute("INSERT INTO federation_outbox (domain, event_id, enqueued_at)"
                        + " SELECT CASE WHEN MOD(stored_at, 2) = 0 THEN 'beta.test' ELSE 'gamma.test' END, id, stored_at"
                        + " FROM federation_events ORDER BY stored_at");
            });
            String sql = OutboxDao.class.getDeclaredMethod("oldest", String.class, long.class, int.class)
                    .getAnnotation(SqlQuery.class).value().replace(":domain", "'beta.test'")
                    .replace(":after", String.valueOf(DeliveryStore.BEFORE_ALL)).replace(":limit", String.valueOf(LIMIT));

            String plan = db.jdbi().withHandle(h -> String.join("\n", h.createQuery("EXPLAIN ANALYZE " + sql).mapTo(String.class).list()));
            List<OutboxRow> rows = db.jdbi().withExtension(OutboxDao.class, dao -> dao.oldest("beta.test", DeliveryStore.BEFORE_ALL, LIMIT));

            assertThat(rows).hasSize(LIMIT);
            assertThat(rows.get(0).eventId()).isEqualTo("e0");
            assertThat(rows.get(LIMIT - 1).eventId()).isEqualTo("e" + 2 * (LIMIT - 1));
            Matcher scans = Pattern.compile("scanCount: (\\d+)").matcher(plan);
            int tables = 0;
            while (scans.find()) {
                tables++;
                assertThat(Integer.parseInt(scans.group(1))).as(plan).isLessThanOrEqualTo(2 * LIMIT + 1);
            }
            assertThat(tables).as(plan).isEqualTo(2);
        }
    }
}
