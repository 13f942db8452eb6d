package dev.fedchat.server.federation.delivery;

import dev.fedchat.server.federation.transport.PeerCallException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Delivery metrics, per destination domain (the {@code domain} tag: one series per peer, bounded
 * by the peers we federate with). In Prometheus' names:
 * <ul>
 *   <li>{@code fedchat_federation_pending_events} — events queued (gauge)</li>
 *   <li>{@code fedchat_federation_consecutive_failures} — failed attempts in a row, 0 when healthy (gauge)</li>
 *   <li>{@code fedchat_federation_since_last_success_seconds} — NaN before the first success (gauge)</li>
 *   <li>{@code fedchat_federation_delivered_events_total} — events the peer accepted (counter)</li>
 *   <li>{@code fedchat_federation_failed_attempts_total{kind=transient|untrusted}} — (counter)</li>
 *   <li>{@code fedchat_federation_rejected_events_total} — events it refused, taken out of the queue (counter)</li>
 * </ul>
 * The counters count from this process's start, as Prometheus counters do; the gauges show the
 * stored state as of the last {@link #update}, which the {@code /metrics} endpoint calls before
 * each scrape (one query for all peers, not one per gauge). Thread-safe.
 */
public final class DeliveryMetrics implements DeliveryListener {
    private final MeterRegistry registry;
    private final Clock clock;
    private final ConcurrentHashMap<String, PeerGauges> gauges = new ConcurrentHashMap<>();

    public DeliveryMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** Sets the gauges from the stored state; registers a peer's series the first time it is seen. */
    public void update(List<PeerDelivery> peers) {
        for (PeerDelivery p : peers) {
            PeerGauges g = gauges.computeIfAbsent(p.domain(), this::register);
            g.pending = p.pending();
            g.failures = p.failures();
            g.lastSuccessMillis = p.lastSuccessAt() == null ? -1 : p.lastSuccessAt().toEpochMilli();
        }
    }

    @Override
    public void delivered(String domain, int events) {
        delivered(domain).increment(events);
    }

    @Override
    public void attemptFailed(String domain, PeerCallException.Kind kind) {
        failed(domain, kind).increment();
    }

    @Override
    public void refused(String domain, String eventId) {
        rejected(domain).increment();
    }

    private PeerGauges register(String domain) {
        PeerGauges g = new PeerGauges();
        Gauge.builder("fedchat.federation.pending.events", g, x -> x.pending).tag("domain", domain)
                .description("Federation events queued for this peer").strongReference(true).register(registry);
        Gauge.builder("fedchat.federation.consecutive.failures", g, x -> x.failures).tag("domain", domain)
                .description("Failed delivery attempts in a row; 0 when healthy").strongReference(true).register(registry);
        Gauge.builder("fedchat.federation.since.last.success", g, this::secondsSinceSuccess).tag("domain", domain)
                .baseUnit("seconds").description("Time since this peer last accepted a delivery; NaN before the first")
                .strongReference(true).register(registry);
        // present from the first scrape, so rate() and alerts see a series before the first event
        delivered(domain);
        rejected(domain);
        failed(domain, PeerCallException.Kind.TRANSIENT);
        failed(domain, PeerCallException.Kind.UNTRUSTED);
        return g;
    }

    private double secondsSinceSuccess(PeerGauges g) {
        long at = g.lastSuccessMillis;
        return at < 0 ? Double.NaN : Math.max(0, clock.millis() - at) / 1000.0;
    }

    private Counter delivered(String domain) {
        return Counter.builder("fedchat.federation.delivered.events").tag("domain", domain)
                .description("Federation events this peer accepted").register(registry);
    }

    private Counter failed(String domain, PeerCallException.Kind kind) {
        return Counter.builder("fedchat.federation.failed.attempts").tag("domain", domain)
                .tag("kind", kind.name().toLowerCase(Locale.ROOT))
                .description("Delivery attempts to this peer that failed and will be retried").register(registry);
    }

    private Counter rejected(String domain) {
        return Counter.builder("fedchat.federation.rejected.events").tag("domain", domain)
                .description("Federation events this peer refused, taken out of its queue").register(registry);
    }

    /** The latest stored values of one peer; written by {@link #update}, read by the scrape. */
    private static final class PeerGauges {
        volatile long pending;
        volatile int failures;
        volatile long lastSuccessMillis = -1;
    }
}
