package dev.fedchat.server.federation.delivery;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.ToIntFunction;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The delivery queues' reads and writes, each write in one transaction so the outbox and the
 * peer's state never disagree: the rows a peer accepted are deleted together with its success
 * being counted, a refused row leaves the outbox together with its dead-letter entry.
 *
 * <p>Thread-safe (each call has its own handle). Each peer's state row is written by its own queue
 * only (one drain at a time), except {@code events_in}, which is an atomic increment.
 */
final class DeliveryStore {
    /** Longest error text stored; a peer's answer is excerpted by the client already, this bounds the rest. */
    static final int MAX_ERROR_CHARS = 2000;

    private final Jdbi jdbi;

    DeliveryStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** {@code seq} is an identity from 1: every row comes after this. */
    static final long BEFORE_ALL = 0;

    List<OutboxRow> oldest(String domain, int limit) {
        return oldestAfter(domain, BEFORE_ALL, limit);
    }

    /** The oldest rows queued after row {@code seq}: the batch behind one in flight. */
    List<OutboxRow> oldestAfter(String domain, long seq, int limit) {
        return jdbi.withExtension(OutboxDao.class, dao -> dao.oldest(domain, seq, limit));
    }

    long pending(String domain) {
        return jdbi.withExtension(OutboxDao.class, dao -> dao.pending(domain));
    }

    List<String> domainsWithRows() {
        return jdbi.withExtension(OutboxDao.class, OutboxDao::domainsWithRows);
    }

    Optional<PeerRow> peer(String domain) {
        return jdbi.withExtension(PeerStateDao.class, dao -> dao.find(domain));
    }

    List<PeerRow> peers() {
        return jdbi.withExtension(PeerStateDao.class, PeerStateDao::all);
    }

    /** Deletes exactly the rows the peer accepted and records the success. */
    void delivered(String domain, List<Long> seqs, long now) {
        jdbi.useTransaction(h -> {
            h.attach(OutboxDao.class).delete(seqs);
            updatePeer(h, domain, dao -> dao.delivered(domain, seqs.size(), now));
        });
    }

    /** Records a failed attempt; the rows stay. */
    void failed(String domain, int failures, long nextAttemptAt, String error, long now) {
        jdbi.useTransaction(h -> updatePeer(h, domain, dao -> dao.failed(domain, failures, nextAttemptAt, excerpt(error), now)));
    }

    /** Moves a refused row out of the queue into {@code federation_rejected}, with the peer's answer. */
    void refused(String domain, OutboxRow row, String reason, long now) {
        jdbi.useTransaction(h -> {
            OutboxDao outbox = h.attach(OutboxDao.class);
            outbox.delete(List.of(row.seq()));
            outbox.reject(domain, row.eventId(), excerpt(reason), now);
            updatePeer(h, domain, dao -> dao.refused(domain, excerpt("event " + row.eventId() + " refused: " + reason), now));
        });
    }

    /** The domain's refused events, oldest first, at most {@code limit}. */
    List<RejectedEvent> rejected(String domain, int limit) {
        return jdbi.withExtension(OutboxDao.class, dao -> dao.rejected(domain, limit)).stream()
                .map(r -> new RejectedEvent(r.eventId(), r.reason(), Instant.ofEpochMilli(r.rejectedAt()))).toList();
    }

    /**
     * Queues the domain's refused events again, oldest first, behind what is queued, and forgets
     * their refusal — in one transaction. An event gone since (its room deleted here) is forgotten.
     *
     * @return how many were queued again
     */
    int resendRejected(String domain, long now) {
        return jdbi.inTransaction(h -> {
            OutboxDao dao = h.attach(OutboxDao.class);
            List<OutboxDao.RejectedRef> refs = dao.rejectedRefs(domain);
            int queued = 0;
            for (OutboxDao.RejectedRef ref : refs) {
                if (ref.stored()) {
                    dao.insert(List.of(domain), ref.eventId(), now);
                    queued++;
                }
            }
            if (!refs.isEmpty()) {
                dao.forgetRejected(refs.stream().map(OutboxDao.RejectedRef::seq).toList());
            }
            return queued;
        });
    }

    /** Removes rows that have nothing to send any more (their event is gone). */
    void drop(List<Long> seqs) {
        jdbi.useExtension(OutboxDao.class, dao -> dao.delete(seqs));
    }

    void received(String domain, int events) {
        jdbi.useTransaction(h -> received(h, domain, events));
    }

    /** Counts received events in the caller's transaction (an atomic increment, as {@link #received(String, int)}). */
    static void received(Handle h, String domain, int events) {
        updatePeer(h, domain, dao -> dao.received(domain, events));
    }

    /** Runs an update of the peer's row, creating the row first when it does not exist yet. */
    private static void updatePeer(Handle h, String domain, ToIntFunction<PeerStateDao> update) {
        PeerStateDao dao = h.attach(PeerStateDao.class);
        if (update.applyAsInt(dao) == 0) {
            dao.create(domain);
            update.applyAsInt(dao);
        }
    }

    private static String excerpt(String text) {
        String t = text == null ? "" : text;
        return t.length() > MAX_ERROR_CHARS ? t.substring(0, MAX_ERROR_CHARS) + "…" : t;
    }
}
