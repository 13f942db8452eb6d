package dev.fedchat.server.federation.delivery;

import dev.fedchat.server.federation.transport.PeerCallException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;

/**
 * The delivery queue of one destination domain: sends its outbox rows oldest first, up to
 * {@link DeliveryConfig#batchSize()} per request, one request at a time, and owns its backoff.
 *
 * <p>Design (STYLE.md §3.10–3.13):
 * <ul>
 *   <li>The database is the truth. Each batch is read from the outbox, and its rows are deleted
 *       only when the peer accepted them, by their {@code seq}. Nothing queued lives only in
 *       memory: a crash resends at most the batch in flight, which receivers ignore as duplicates
 *       (federation-protocol.md §7).</li>
 *   <li>One drain at a time. Whoever starts a drain sets {@code active}; the drain clears it when
 *       it stops, so at most one request to the peer is in flight. A wake-up during a drain sets
 *       {@code again}, and the drain looks once more before it stops, so no wake-up is lost.</li>
 *   <li>Backoff. After a failed attempt the queue waits until {@code retryAt}, with one timer.
 *       New events do not cut the wait short (they would fail too, and a dead peer would get a
 *       request per event); proof that the peer is alive, or an admin, does
 *       ({@link #retryNow}). The wait survives a restart: it is stored, and read back by the
 *       first drain.</li>
 *   <li>Probing (issue 12). While it waits out a backoff, the queue asks a cheap
 *       {@link PeerProbe} on a short timer of its own ({@link ProbeConfig}) whether the peer
 *       answers again, and when it does, tries a real delivery at once instead of at the end of
 *       the wait. A probe is not an attempt: it neither counts as a failure nor resets the backoff;
 *       the attempt it starts does either, as any other. A peer that answers probes but fails
 *       deliveries (broken, or hostile) must not get a delivery per probe, so a probe may wake the
 *       queue only once between two scheduled attempts: after a woken attempt fails, the queue
 *       stops probing and waits for its timer, whose attempt, if it fails, starts probing again.
 *       At most twice the attempts of the backoff alone, then.
 *       Why not wake only when the answer changes from silent to answering: a peer restarting is
 *       often refused by a scheduled attempt a moment before it answers, and would then wait out
 *       the whole backoff. Probes start with each wait, so they apply after a restart too.</li>
 *   <li>How a failure is answered is decided in {@link #reactionTo} and nowhere else.</li>
 *   <li>Sealing ahead. While a full batch is in flight, the batch behind it is read and sealed on
 *       another thread ({@link NextBatch}), so the sender's CPU is not idle while the receiver
 *       opens and stores. Still one request in flight, in order: the prepared batch is only
 *       <em>sent</em> by the next pass, and only if it carries exactly the rows that pass read as
 *       the oldest; it is dropped whenever the current batch did not succeed. A transport that
 *       cannot prepare (tests) leaves all the work to the send.</li>
 * </ul>
 *
 * <p>Threading: {@link #wake}, {@link #retryNow}, {@link #close} and the timer may be called from
 * any thread; they only change the fields guarded by {@code this} and hand the drain to the
 * {@link DeliveryScheduler}. The drain does its I/O outside the lock. Fields marked "drain only"
 * are used by the running drain alone; successive drains see each other's writes through the
 * monitor, since each starts after the previous one released {@code active}.
 */
final class PeerQueue {
    /** What a failed call means for the queue. */
    enum Reaction {
        /** Keep the rows, back off, try again. */
        RETRY,
        /** The peer refused the content: find the refused event and take it out of the queue. */
        REFUSE
    }

    /** How a pass through the queue ended; PAUSED: federation is off here, the rows wait for it. */
    private enum Step { MORE, IDLE, WAIT, PAUSED }

    private final String domain;
    private final DeliveryStore store;
    private final PeerTransport transport;
    private final DeliveryConfig config;
    private final Backoff backoff;
    private final Clock clock;
    private final DeliveryScheduler scheduler;
    private final DoubleSupplier random;
    private final DeliveryListener listener;
    private final BooleanSupplier enabled;
    private final DeliveryLog log;
    private final LivenessProbes probes;
    /** Drain only: the batch behind the one in flight. */
    private final NextBatch next;

    // guarded by this
    private boolean active;          // a drain is submitted or running: the one request in flight
    private boolean again;           // woken during a drain: look for rows once more before stopping
    private boolean loaded;          // the stored backoff was applied, or made moot by a retryNow
    private Instant retryAt;         // backing off until then; null when not
    private int failures;            // consecutive failures the backoff grows with; 0 after a success or a retryNow
    private long retries;            // retryNow calls so far: a drain that sees it change retries at once
    private long timerGeneration;    // the pending timer's number; bumped to forget a timer
    private DeliveryScheduler.Cancellable timer;
    private Thread sending;          // the drain's thread while it waits for the peer; null otherwise
    private boolean closed;
    private boolean probeWoke;       // a probe woke the queue since the last scheduled attempt: no other wake until one
    private int probesRun;           // probes in the current wait, for the probe timer's steps
    private long probeGeneration;    // the pending probe's number; bumped to forget it
    private DeliveryScheduler.Cancellable probeTimer;

    // drain only
    private boolean storedRead;      // the stored state was read (once per process)

    PeerQueue(String domain, DeliveryStore store, PeerTransport transport, DeliveryConfig config, Clock clock,
              DeliveryScheduler scheduler, DoubleSupplier random, DeliveryListener listener, BooleanSupplier enabled,
              LivenessProbes probes) {
        this.domain = domain;
        this.store = store;
        this.transport = transport;
        this.config = config;
        this.backoff = new Backoff(config);
        this.clock = clock;
        this.scheduler = scheduler;
        this.random = random;
        this.listener = listener;
        this.enabled = enabled;
        this.probes = probes;
        this.log = new DeliveryLog(domain, config);
        this.next = new NextBatch(domain, store, transport, config.batchSize(), scheduler);
    }

    /** New rows may be waiting: send them, unless the queue is backing off. */
    void wake() {
        boolean start;
        synchronized (this) {
            start = !closed && retryAt == null && claim();
        }
        if (start) submit();
    }

    /**
     * Forgets the backoff and tries at once: the peer proved it is up, or an admin asked. Unless
     * {@code evenIfHealthy}, a queue that is not backing off is left alone (the call comes with
     * every request the peer sends us, and must cost nothing then).
     */
    void retryNow(boolean evenIfHealthy) {
        boolean start;
        synchronized (this) {
            if (closed || (!evenIfHealthy && loaded && retryAt == null && failures == 0)) {
                return;
            }
            cancelTimer();
            retryAt = null;
            failures = 0;
            probeWoke = false;
            loaded = true;
            retries++;
            start = claim();
        }
        if (start) submit();
    }

    /**
     * The peer proved it is up (a request of its verified): the wait ends with a real attempt, as a
     * probe's answer ends it, and with the same bound, once between two scheduled attempts. A peer
     * that sends us proven requests while it fails our deliveries would otherwise get a delivery per
     * request it sends (issue 12 §4). The failures stay: if this attempt fails too, the next wait is
     * longer. A queue that is not backing off is left alone: this comes with every request.
     */
    void peerProvedAlive() {
        boolean start;
        synchronized (this) {
            if (closed || probeWoke || (loaded && retryAt == null)) {
                return;
            }
            loaded = true;
            start = endWaitOnce();
        }
        if (start) submit();
    }

    /**
     * Ends the wait with an attempt now, for a probe's answer or a proven request: once until the
     * next scheduled attempt ({@code probeWoke}), and with the failures kept, so if this attempt
     * fails too the next wait is longer. Callers hold this; true when they must submit the drain.
     */
    private boolean endWaitOnce() {
        probeWoke = true;
        cancelTimer();
        retryAt = null;
        return claim();
    }

    /**
     * Stops for good: no new drain, no timer. A request waiting for the peer is interrupted (its
     * rows stay for the next start); a drain busy with the database is not, and ends after it.
     */
    synchronized void close() {
        closed = true;
        cancelTimer();
        if (sending != null) {
            sending.interrupt();
        }
    }

    /** The one place that decides how a failed call is answered (STYLE.md §3.9). */
    static Reaction reactionTo(PeerCallException e) {
        return switch (e.kind()) {
            // the network, a timeout, a 5xx or 429, the peer not found, federation off there: it may work later
            case TRANSIENT -> Reaction.RETRY;
            // the peer could not open our request: keys rotate and both sides cache them (the client has already
            // dropped its copy of the peer's key), so this often heals by itself; retry, and the log says why
            case UNTRUSTED -> Reaction.RETRY;
            // the peer refused the content: the same events would be refused again, and would hold up all after them
            case REJECTED -> Reaction.REFUSE;
        };
    }

    // ---- starting and stopping a drain (callers hold this) ----

    private boolean claim() {
        if (active) {
            again = true;
            return false;
        }
        active = true;
        return true;
    }

    private void submit() {
        try {
            scheduler.execute(this::drain);
        } catch (RejectedExecutionException e) {
            // shutting down: the rows stay stored for the next start
            synchronized (this) {
                active = false;
            }
        }
    }

    private void armTimer(Duration delay) {
        cancelTimer();
        long generation = ++timerGeneration;
        try {
            timer = scheduler.schedule(() -> onTimer(generation), delay);
        } catch (RejectedExecutionException e) {
            timer = null; // shutting down
        }
    }

    /** Forgets the backoff's timer, and the probing that goes with it. */
    private void cancelTimer() {
        timerGeneration++;
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        cancelProbe();
    }

    private void onTimer(long generation) {
        boolean start;
        synchronized (this) {
            if (closed || generation != timerGeneration) {
                return;
            }
            timer = null;
            retryAt = null;
            cancelProbe();
            probeWoke = false; // a scheduled attempt: if it fails, its wait may be cut short by a probe again
            start = claim();
        }
        if (start) submit();
    }

    // ---- probing while backing off (callers hold this, except the probe itself) ----

    /** A wait of {@code wait} begins: probe the peer meanwhile, unless the wait is shorter than a probe's step. */
    private void startProbing(Duration wait) {
        if (!probes.enabled() || probeWoke || closed || wait.compareTo(probes.delayBefore(1, 0)) <= 0) {
            return;
        }
        probesRun = 0;
        armProbe();
    }

    private void armProbe() {
        cancelProbe();
        long generation = ++probeGeneration;
        probesRun = Math.min(probesRun + 1, 32); // past the cap the step no longer grows; this keeps the count small
        try {
            probeTimer = scheduler.schedule(() -> onProbeTimer(generation), probes.delayBefore(probesRun, random.getAsDouble()));
        } catch (RejectedExecutionException e) {
            probeTimer = null; // shutting down
        }
    }

    private void cancelProbe() {
        probeGeneration++;
        if (probeTimer != null) {
            probeTimer.cancel();
            probeTimer = null;
        }
    }

    /** Whether the probe numbered {@code generation} is still wanted: the queue waits, and no probe woke it yet. */
    private boolean probing(long generation) {
        return !closed && generation == probeGeneration && retryAt != null && !active && !probeWoke;
    }

    /** On the timer thread: the probe itself may block, so it runs on a delivery thread. */
    private void onProbeTimer(long generation) {
        synchronized (this) {
            if (!probing(generation)) {
                return;
            }
            probeTimer = null;
        }
        try {
            scheduler.execute(() -> probe(generation));
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    /** Asks the probe; an answer ends the wait with a real attempt, silence arms the next probe. */
    private void probe(long generation) {
        // while federation is off here an attempt would only pause: keep probing, wake when it is on
        LivenessProbes.Answer answer = enabled.getAsBoolean() ? probes.probe(domain) : LivenessProbes.Answer.BUSY;
        boolean start;
        synchronized (this) {
            if (!probing(generation)) {
                return;
            }
            if (answer != LivenessProbes.Answer.ANSWERS) {
                armProbe();
                return;
            }
            start = endWaitOnce();
        }
        log.answersAgain(pendingForTheLog());
        if (start) submit();
    }

    /** How many rows wait, for a log line; -1 when the database cannot say (the drain must start all the same). */
    private long pendingForTheLog() {
        try {
            return store.pending(domain);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private synchronized boolean finish(Step step) {
        boolean more = step == Step.MORE || ((step == Step.IDLE || step == Step.PAUSED) && again);
        again = false;
        if (more && !closed) {
            return false;
        }
        active = false;
        return true;
    }

    private synchronized long retries() {
        return retries;
    }

    // ---- the drain ----

    private void drain() {
        while (true) {
            Step step;
            try {
                step = pass();
            } catch (RuntimeException e) {
                step = ownFailure(e);
            }
            if (step != Step.MORE) {
                next.discard(); // the drain may stop here: nothing would take it (and the next drain reads afresh)
            }
            if (step == Step.IDLE) {
                log.idle(clock.instant());
            }
            if (finish(step)) {
                return;
            }
        }
    }

    /** One batch: read, send, record. */
    private Step pass() {
        if (!enabled.getAsBoolean()) {
            return Step.PAUSED; // DeliveryQueues.start wakes every queue with rows when federation is on again
        }
        if (resumeStoredBackoff()) {
            return Step.WAIT;
        }
        long retriesAtStart = retries();
        List<OutboxRow> batch = store.oldest(domain, config.batchSize());
        if (batch.isEmpty()) {
            return Step.IDLE;
        }
        List<OutboxRow> rows = withoutVanished(batch);
        if (rows.isEmpty()) {
            return Step.MORE;
        }
        PeerTransport.Prepared ready = next.take(rows);
        try {
            PeerTransport.Prepared request = ready != null ? ready : transport.prepare(domain, wires(rows));
            if (batch.size() == config.batchSize()) {
                // a full batch: more are likely queued behind it; prepare those while this one is in flight
                next.start(batch.get(batch.size() - 1).seq());
            }
            send(request);
        } catch (PeerCallException e) {
            // what follows a batch that did not go through is prepared again when its turn comes
            next.discard();
            if (reactionTo(e) == Reaction.RETRY) {
                return backOff(e, retriesAtStart);
            }
            if (rows.size() == 1) {
                refuse(rows.get(0), e);
                return Step.MORE;
            }
            log.splitting(rows.size(), e);
            return oneByOne(rows, retriesAtStart);
        }
        delivered(rows);
        return Step.MORE;
    }

    /** After a refused batch: each event alone, so only the refused ones leave the queue. */
    private Step oneByOne(List<OutboxRow> rows, long retriesAtStart) {
        for (OutboxRow row : rows) {
            synchronized (this) {
                if (closed) {
                    return Step.WAIT;
                }
            }
            try {
                send(transport.prepare(domain, List.of(row.wire())));
            } catch (PeerCallException e) {
                if (reactionTo(e) == Reaction.RETRY) {
                    return backOff(e, retriesAtStart);
                }
                refuse(row, e);
                continue;
            }
            delivered(List.of(row));
        }
        return Step.MORE;
    }

    private static List<String> wires(List<OutboxRow> rows) {
        return rows.stream().map(OutboxRow::wire).toList();
    }

    /** One request; {@link #close} may interrupt it, and only it. */
    private void send(PeerTransport.Prepared request) throws PeerCallException {
        synchronized (this) {
            if (closed) {
                throw new PeerCallException(PeerCallException.Kind.TRANSIENT, "shutting down");
            }
            sending = Thread.currentThread();
        }
        try {
            request.send();
        } finally {
            synchronized (this) {
                sending = null;
            }
            // a shutdown's interrupt was meant for the request: clear it before the database is used,
            // since an interrupted thread makes H2 close its file channel
            Thread.interrupted();
        }
    }

    /** Reads the stored state once: a backoff from before a restart still holds (unless a retryNow came first). */
    private boolean resumeStoredBackoff() {
        if (storedRead) {
            return false;
        }
        storedRead = true;
        Optional<PeerRow> stored = store.peer(domain).filter(r -> r.failures() > 0);
        stored.ifPresent(r -> log.restored(r.failingSince() == null ? null : Instant.ofEpochMilli(r.failingSince()), r.failures()));
        long now = clock.millis();
        Instant next;
        synchronized (this) {
            if (loaded) {
                return false;
            }
            loaded = true;
            if (stored.isEmpty() || closed) {
                return false;
            }
            failures = stored.get().failures();
            Long at = stored.get().nextAttemptAt();
            if (at == null || at <= now) {
                return false;
            }
            next = Instant.ofEpochMilli(at);
            retryAt = next;
            armTimer(Duration.ofMillis(at - now));
            startProbing(Duration.ofMillis(at - now));
        }
        log.resumed(stored.get().failures(), next);
        return true;
    }

    private List<OutboxRow> withoutVanished(List<OutboxRow> batch) {
        List<OutboxRow> rows = new ArrayList<>(batch.size());
        List<Long> vanished = new ArrayList<>();
        for (OutboxRow row : batch) {
            if (row.wire() == null) {
                vanished.add(row.seq());
            } else {
                rows.add(row);
            }
        }
        if (!vanished.isEmpty()) {
            store.drop(vanished);
            log.dropped(vanished.size());
        }
        return rows;
    }

    private void delivered(List<OutboxRow> rows) {
        store.delivered(domain, rows.stream().map(OutboxRow::seq).toList(), clock.millis());
        synchronized (this) {
            failures = 0;
            probeWoke = false;
        }
        listener.delivered(domain, rows.size());
        log.delivered(rows.size());
    }

    private void refuse(OutboxRow row, PeerCallException e) {
        store.refused(domain, row, e.getMessage(), clock.millis());
        listener.refused(domain, row.eventId());
        log.refused(row.eventId(), e);
    }

    /** Records a failed attempt and waits; the rows stay. */
    private Step backOff(PeerCallException e, long retriesAtStart) {
        Instant now = clock.instant();
        int n;
        synchronized (this) {
            if (closed) {
                return Step.WAIT; // our own shutdown interrupted the request: not the peer's failure
            }
            n = ++failures;
        }
        Duration delay = backoff.delayAfter(n, random.getAsDouble());
        Instant next = now.plus(delay);
        store.failed(domain, n, next.toEpochMilli(), e.getMessage(), now.toEpochMilli());
        listener.attemptFailed(domain, e.kind());
        log.failed(e, n, now, next, delay, () -> store.pending(domain));
        synchronized (this) {
            if (closed) {
                return Step.WAIT;
            }
            if (retries != retriesAtStart) {
                return Step.MORE; // the peer proved alive while this attempt failed: one more try at once
            }
            retryAt = next;
            armTimer(delay);
            startProbing(delay);
        }
        return Step.WAIT;
    }

    /**
     * The database failed, or a bug of ours: the rows are still stored, so wait as after a failed
     * attempt and try again, rather than lose this peer's lane. Not counted against the peer.
     */
    private Step ownFailure(RuntimeException e) {
        log.ownBug(e);
        synchronized (this) {
            if (!closed) {
                Duration delay = backoff.delayAfter(failures + 1, random.getAsDouble());
                retryAt = clock.instant().plus(delay);
                armTimer(delay);
            }
        }
        return Step.WAIT;
    }
}
