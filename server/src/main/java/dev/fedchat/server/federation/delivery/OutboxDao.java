package dev.fedchat.server.federation.delivery;

import java.util.Collection;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code federation_outbox} table, and {@code federation_rejected} where refused rows go. */
@RegisterConstructorMapper(OutboxRow.class)
@RegisterConstructorMapper(OutboxDao.RejectedRow.class)
@RegisterConstructorMapper(OutboxDao.RejectedRef.class)
interface OutboxDao {

    /** One row per domain, in the order given: their {@code seq} is the sending order. */
    @SqlBatch("INSERT INTO federation_outbox (domain, event_id, enqueued_at) VALUES (:domain, :eventId, :enqueuedAt)")
    void insert(@Bind("domain") Collection<String> domains, @Bind("eventId") String eventId, @Bind("enqueuedAt") long enqueuedAt);

    /**
     * The oldest rows of a domain after {@code seq} in sending order; a LEFT JOIN so a row whose
     * event is gone shows (wire null). {@code ORDER BY o.domain, o.seq} is the order of the index
     * {@code (domain, seq)}: with {@code ORDER BY o.seq} alone H2 read (and joined) the domain's
     * whole backlog to return the first {@code limit} rows, so draining a backlog of n events cost
     * n²/limit row reads.
     */
    @SqlQuery("SELECT o.seq, o.event_id, e.wire FROM federation_outbox o LEFT JOIN federation_events e ON e.id = o.event_id"
            + " WHERE o.domain = :domain AND o.seq > :after ORDER BY o.domain, o.seq LIMIT :limit")
    List<OutboxRow> oldest(@Bind("domain") String domain, @Bind("after") long after, @Bind("limit") int limit);

    @SqlUpdate("DELETE FROM federation_outbox WHERE seq IN (<seqs>)")
    int delete(@BindList("seqs") Collection<Long> seqs);

    @SqlQuery("SELECT COUNT(*) FROM federation_outbox WHERE domain = :domain")
    long pending(@Bind("domain") String domain);

    @SqlQuery("SELECT DISTINCT domain FROM federation_outbox ORDER BY domain")
    List<String> domainsWithRows();

    /** A domain's refused events, oldest first, and whether each is still stored (the order of the index). */
    @SqlQuery("SELECT r.seq, r.event_id, e.id IS NOT NULL AS stored FROM federation_rejected r"
            + " LEFT JOIN federation_events e ON e.id = r.event_id WHERE r.domain = :domain ORDER BY r.domain, r.seq")
    List<RejectedRef> rejectedRefs(@Bind("domain") String domain);

    /** A refused event to queue again, when it is still {@code stored}. */
    record RejectedRef(long seq, String eventId, boolean stored) {}

    @SqlQuery("SELECT event_id, reason, rejected_at FROM federation_rejected WHERE domain = :domain"
            + " ORDER BY domain, seq LIMIT :limit")
    List<RejectedRow> rejected(@Bind("domain") String domain, @Bind("limit") int limit);

    @SqlUpdate("DELETE FROM federation_rejected WHERE seq IN (<seqs>)")
    void forgetRejected(@BindList("seqs") Collection<Long> seqs);

    /** A row of {@code federation_rejected}, as stored. */
    record RejectedRow(String eventId, String reason, long rejectedAt) {}

    @SqlUpdate("INSERT INTO federation_rejected (domain, event_id, reason, rejected_at) VALUES (:domain, :eventId, :reason, :at)")
    void reject(@Bind("domain") String domain, @Bind("eventId") String eventId, @Bind("reason") String reason, @Bind("at") long at);
}
