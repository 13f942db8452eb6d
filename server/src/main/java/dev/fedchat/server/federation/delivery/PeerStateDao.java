package dev.fedchat.server.federation.delivery;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The {@code federation_peers} table. The updates answer how many rows they changed: 0 means the
 * peer has no row yet, and {@link DeliveryStore} creates it with {@link #create} and updates again.
 */
@RegisterConstructorMapper(PeerRow.class)
interface PeerStateDao {
    String COLUMNS = "p.failures, p.next_attempt_at, p.last_success_at, p.last_error, p.last_error_at, p.failing_since,"
            + " p.events_out, p.events_in, p.events_rejected";

    /** Portable between H2 (PostgreSQL mode) and PostgreSQL; two threads creating the same row do not collide. */
    @SqlUpdate("INSERT INTO federation_peers (domain, failures, events_out, events_in, events_rejected)"
            + " VALUES (:domain, 0, 0, 0, 0) ON CONFLICT DO NOTHING")
    void create(@Bind("domain") String domain);

    @SqlUpdate("UPDATE federation_peers SET failures = 0, next_attempt_at = NULL, failing_since = NULL,"
            + " last_success_at = :now, events_out = events_out + :events WHERE domain = :domain")
    int delivered(@Bind("domain") String domain, @Bind("events") int events, @Bind("now") long now);

    @SqlUpdate("UPDATE federation_peers SET failures = :failures, next_attempt_at = :nextAttemptAt, last_error = :error,"
            + " last_error_at = :now, failing_since = COALESCE(failing_since, :now) WHERE domain = :domain")
    int failed(@Bind("domain") String domain, @Bind("failures") int failures, @Bind("nextAttemptAt") long nextAttemptAt,
               @Bind("error") String error, @Bind("now") long now);

    @SqlUpdate("UPDATE federation_peers SET events_rejected = events_rejected + 1, last_error = :error, last_error_at = :now"
            + " WHERE domain = :domain")
    int refused(@Bind("domain") String domain, @Bind("error") String error, @Bind("now") long now);

    @SqlUpdate("UPDATE federation_peers SET events_in = events_in + :events WHERE domain = :domain")
    int received(@Bind("domain") String domain, @Bind("events") int events);

    @SqlQuery("SELECT p.domain, 0 AS pending, " + COLUMNS + " FROM federation_peers p WHERE p.domain = :domain")
    Optional<PeerRow> find(@Bind("domain") String domain);

    /** Every peer with a row or with queued events, by domain. */
    @SqlQuery("SELECT d.domain, COALESCE(o.pending, 0) AS pending, COALESCE(p.failures, 0) AS failures,"
            + " p.next_attempt_at, p.last_success_at, p.last_error, p.last_error_at, p.failing_since,"
            + " COALESCE(p.events_out, 0) AS events_out, COALESCE(p.events_in, 0) AS events_in,"
            + " COALESCE(p.events_rejected, 0) AS events_rejected"
            + " FROM (SELECT domain FROM federation_peers UNION SELECT domain FROM federation_outbox) d"
            + " LEFT JOIN federation_peers p ON p.domain = d.domain"
            + " LEFT JOIN (SELECT domain, COUNT(*) AS pending FROM federation_outbox GROUP BY domain) o ON o.domain = d.domain"
            + " ORDER BY d.domain")
    List<PeerRow> all();
}
