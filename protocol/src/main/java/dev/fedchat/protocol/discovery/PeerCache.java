package dev.fedchat.protocol.discovery;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.fedchat.protocol.time.ClockTicker;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
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
 * <p>Thread-safe. Concurrent lookups of one domain share a single DNS walk, made on the thread of
 * the first caller. The entries are a Caffeine cache bounded by {@code maxEntries}, so domains
 * named by strangers cannot grow it without limit; a walk in flight is never evicted.
 */
public final class PeerCache {
    private final PeerDiscovery discovery;
    private final Duration minTtl;
    private final Duration maxTtl;
    private final Duration failureTtl;
    /** Each domain's walk: in flight, or settled with its answer or failure until that expires. */
    private final AsyncCache<String, Lookup> entries;

    public PeerCache(PeerDiscovery discovery, Clock clock, Duration minTtl, Duration maxTtl,
                     Duration failureTtl, int maxEntries) {
        this.discovery = discovery;
        this.minTtl = minTtl;
        this.maxTtl = maxTtl;
        this.failureTtl = failureTtl;
        this.entries = Caffeine.newBuilder().ticker(ClockTicker.of(clock)).executor(Runnable::run)
                .maximumSize(maxEntries).expireAfter(Expiry.<String, Lookup>writing((domain, lookup) -> lookup.ttl()))
                .buildAsync();
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
        CompletableFuture<Lookup> mine = new CompletableFuture<>();
        CompletableFuture<Lookup> current = entries.asMap().putIfAbsent(key, mine);
        Lookup lookup = current == null ? walk(key, mine) : await(current);
        if (lookup.failure() != null) {
            throw lookup.failure();
        }
        return lookup.peer();
    }

    /** Drops what is known of a domain; the next {@link #find} asks DNS again. */
    public void forget(String domain) {
        entries.synchronous().invalidate(cacheKey(domain));
    }

    /** How many domains are remembered, for tests and metrics. */
    public int size() {
        entries.synchronous().cleanUp();
        return (int) entries.synchronous().estimatedSize();
    }

    /** The walk for {@code key}, on this thread; its result settles {@code mine} for everyone waiting. */
    private Lookup walk(String key, CompletableFuture<Lookup> mine) {
        Lookup lookup;
        try {
            Peer peer = discovery.find(key);
            long ttl = Math.max(minTtl.toMillis(), Math.min(peer.ttlSeconds(), maxTtl.toSeconds()) * 1000);
            lookup = new Lookup(peer, null, Duration.ofMillis(ttl));
        } catch (RuntimeException e) {
            lookup = new Lookup(null, e, failureTtl);
        } catch (Error e) {
            // not an answer to remember: the callers waiting are released, the next find walks again
            entries.synchronous().invalidate(key);
            mine.completeExceptionally(e);
            throw e;
        }
        mine.complete(lookup);
        return lookup;
    }

    private static String cacheKey(String domain) {
        try {
            return FederationDomain.parse(domain).name();
        } catch (DnsRecordsException e) {
            return String.valueOf(domain);
        }
    }

    private static Lookup await(CompletableFuture<Lookup> result) {
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a peer lookup", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a peer lookup failed unexpectedly", e.getCause());
        }
    }

    /** A settled walk: the peer, or why it was not found; kept for {@code ttl}. */
    private record Lookup(Peer peer, RuntimeException failure, Duration ttl) {}
}
