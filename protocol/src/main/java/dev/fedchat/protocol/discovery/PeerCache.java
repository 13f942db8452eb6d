package dev.fedchat.protocol.discovery;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * Remembers peer lookups for as long as their DNS records allow, bounded to
 * [{@code minTtl}, {@code maxTtl}] (Rocket.Chat kept every answer for an hour whatever its TTL,
 * so a fixed record or a rotated key took an hour to be seen, #23057). Failures are remembered
 * for {@code failureTtl} only, so a burst of events for an unknown domain costs one lookup, and a
 * fix is picked up seconds later.
 *
 * <p>{@link #forget} drops a domain's entry at once: call it when the cached key fails to open a
 * request from that peer, so a rotated key is fetched on the next try.
 *
 * <p>Thread-safe. Concurrent lookups of one domain share a single DNS walk. The map is bounded by
 * {@code maxEntries}; past it, expired entries go first, then any settled one, so domains named by
 * strangers cannot grow it without limit.
 */
public final class PeerCache {
    private final PeerDiscovery discovery;
    private final Clock clock;
    private final Duration minTtl;
    private final Duration maxTtl;
    private final Duration failureTtl;
    private final int maxEntries;
    /** Guarded by the map's own atomic operations; an entry with no expiry yet is in flight. */
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    public PeerCache(PeerDiscovery discovery, Clock clock, Duration minTtl, Duration maxTtl,
                     Duration failureTtl, int maxEntries) {
        this.discovery = discovery;
        this.clock = clock;
        this.minTtl = minTtl;
        this.maxTtl = maxTtl;
        this.failureTtl = failureTtl;
        this.maxEntries = maxEntries;
    }

    /** 30 s to 1 h for answers, 15 s for failures, 10,000 domains. */
    public static PeerCache withDefaults(PeerDiscovery discovery, Clock clock) {
        return new PeerCache(discovery, clock, Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofSeconds(15), 10_000);
    }

    public PeerDiscovery discovery() {
        return discovery;
    }

    /** The peer, from the cache while its entry is fresh; throws {@link PeerNotFoundException}. */
    public Peer find(String domain) {
        String key = cacheKey(domain);
        while (true) {
            Entry current = entries.get(key);
            if (current != null && (current.inFlight() || current.expiresAt > clock.millis())) {
                return await(current.result);
            }
            Entry mine = new Entry(new CompletableFuture<>(), Long.MAX_VALUE);
            boolean claimed = current == null ? entries.putIfAbsent(key, mine) == null : entries.replace(key, current, mine);
            if (claimed) {
                return resolve(key, mine);
            }
        }
    }

    /** Drops what is known of a domain; the next {@link #find} asks DNS again. */
    public void forget(String domain) {
        entries.remove(cacheKey(domain));
    }

    /** How many domains are remembered, for tests and metrics. */
    public int size() {
        return entries.size();
    }

    private Peer resolve(String key, Entry mine) {
        Peer peer;
        try {
            peer = discovery.find(key);
        } catch (RuntimeException e) {
            settle(key, mine, failureTtl.toMillis());
            mine.result.completeExceptionally(e);
            throw e;
        }
        long ttl = Math.max(minTtl.toMillis(), Math.min(peer.ttlSeconds(), maxTtl.toSeconds()) * 1000);
        settle(key, mine, ttl);
        mine.result.complete(peer);
        return peer;
    }

    private void settle(String key, Entry mine, long ttlMillis) {
        entries.replace(key, mine, new Entry(mine.result, clock.millis() + ttlMillis));
        if (entries.size() > maxEntries) {
            trim();
        }
    }

    private void trim() {
        long now = clock.millis();
        entries.values().removeIf(e -> !e.inFlight() && e.expiresAt <= now);
        var it = entries.values().iterator();
        while (entries.size() > maxEntries && it.hasNext()) {
            if (!it.next().inFlight()) {
                it.remove();
            }
        }
    }

    private static String cacheKey(String domain) {
        try {
            return FederationDomain.parse(domain).name();
        } catch (DnsRecordsException e) {
            return String.valueOf(domain);
        }
    }

    private static Peer await(CompletableFuture<Peer> result) {
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a peer lookup", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private record Entry(CompletableFuture<Peer> result, long expiresAt) {
        boolean inFlight() {
            return expiresAt == Long.MAX_VALUE;
        }
    }
}
