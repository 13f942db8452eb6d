package dev.fedchat.protocol.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fedchat.protocol.testing.Dnsmasq;
import dev.fedchat.protocol.testing.MutableClock;
import dev.fedchat.protocol.testing.TestKeys;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The cache in front of real DNS: TTLs honoured within bounds, failures kept briefly, keys dropped on demand. */
class PeerCacheTest {
    private static final String KEY = TestKeys.publicPem(TestKeys.generate());
    private static final String ROTATED = TestKeys.publicPem(TestKeys.generate());

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
    private Dnsmasq dns;
    private CountingLookup counting;

    @AfterEach
    void stopDns() {
        if (dns != null) {
            dns.close();
        }
    }

    private PeerCache cacheOver(Dnsmasq.Records records) {
        dns = records.start();
        return cache();
    }

    private PeerCache cache() {
        counting = new CountingLookup(DnsjavaLookup.at(dns.server(), Duration.ofSeconds(2)));
        return PeerCache.withDefaults(new PeerDiscovery(counting, HubFallback.NONE, new SrvSelection(new Random(3))), clock);
    }

    private static Dnsmasq.Records alpha(int ttl, String key) {
        return Dnsmasq.records().ttl(ttl)
                .srv("_rocketchat._https.alpha.test", "alpha.test", 443, 1, 1)
                .txt("rocketchat-public-key.alpha.test", key);
    }

    @Test
    void anAnswerIsKeptForItsTtl() {
        PeerCache cache = cacheOver(alpha(90, KEY));
        cache.find("alpha.test");
        int walked = counting.srvQueries.get();
        clock.advance(Duration.ofSeconds(89));
        cache.find("alpha.test");
        assertThat(counting.srvQueries.get()).isEqualTo(walked);
        clock.advance(Duration.ofSeconds(2));
        cache.find("alpha.test");
        assertThat(counting.srvQueries.get()).isEqualTo(walked + 1);
    }

    @Test
    void aTinyTtlIsRaisedToThirtySeconds() {
        PeerCache cache = cacheOver(alpha(2, KEY));
        cache.find("alpha.test");
        clock.advance(Duration.ofSeconds(29));
        cache.find("alpha.test");
        assertThat(counting.srvQueries.get()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(2));
        cache.find("alpha.test");
        assertThat(counting.srvQueries.get()).isEqualTo(2);
    }

    @Test
    void aLongTtlIsCappedAtAnHour() {
        PeerCache cache = cacheOver(alpha(86_400, KEY));
        cache.find("alpha.test");
        clock.advance(Duration.ofMinutes(59));
        cache.find("alpha.test");
        assertThat(counting.srvQueries.get()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(2));
        cache.find("alpha.test");
        assertThat(counting.srvQueries.get()).isEqualTo(2);
    }

    @Test
    void aFailureIsKeptBrieflyThenAFixIsSeen() {
        PeerCache cache = cacheOver(Dnsmasq.records());
        assertThatThrownBy(() -> cache.find("alpha.test")).isInstanceOf(PeerNotFoundException.class);
        dns = dns.restart(alpha(300, KEY));
        clock.advance(Duration.ofSeconds(10));
        assertThatThrownBy(() -> cache.find("alpha.test")).isInstanceOf(PeerNotFoundException.class);
        clock.advance(Duration.ofSeconds(6));
        assertThat(cache.find("alpha.test").publicKeyPem()).isEqualTo(KEY);
    }

    @Test
    void forgettingADomainPicksUpARotatedKeyAtOnce() {
        PeerCache cache = cacheOver(alpha(3600, KEY));
        assertThat(cache.find("alpha.test").publicKeyPem()).isEqualTo(KEY);
        dns = dns.restart(alpha(3600, ROTATED));
        assertThat(cache.find("alpha.test").publicKeyPem()).as("still cached").isEqualTo(KEY);
        cache.forget("Alpha.Test");
        assertThat(cache.find("alpha.test").publicKeyPem()).isEqualTo(ROTATED);
    }

    @Test
    void concurrentLookupsOfOneDomainShareOneWalk() throws Exception {
        PeerCache cache = cacheOver(alpha(300, KEY));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Peer>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return cache.find("alpha.test");
                }));
            }
            go.countDown();
            for (Future<Peer> f : results) {
                assertThat(f.get().publicKeyPem()).isEqualTo(KEY);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(counting.srvQueries.get()).isEqualTo(1);
    }

    @Test
    void strangersNamingManyDomainsCannotGrowTheCacheWithoutBound() {
        dns = Dnsmasq.records().start();
        PeerCache cache = new PeerCache(new PeerDiscovery(DnsjavaLookup.at(dns.server(), Duration.ofSeconds(2)),
                HubFallback.NONE, new SrvSelection(new Random(3))), clock,
                Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofSeconds(15), 3);
        for (int i = 0; i < 10; i++) {
            String domain = "stranger" + i + ".test";
            assertThatThrownBy(() -> cache.find(domain)).isInstanceOf(PeerNotFoundException.class);
        }
        assertThat(cache.size()).isLessThanOrEqualTo(3);
    }

    /** Counts SRV questions: one discovery walk starts with exactly one successful SRV question here. */
    private static final class CountingLookup implements DnsLookup {
        final AtomicInteger srvQueries = new AtomicInteger();
        private final DnsLookup real;

        CountingLookup(DnsLookup real) {
            this.real = real;
        }

        @Override
        public DnsAnswer<SrvRecord> srv(String name) {
            if (name.startsWith("_rocketchat._https.")) {
                srvQueries.incrementAndGet();
            }
            return real.srv(name);
        }

        @Override
        public DnsAnswer<TxtRecord> txt(String name) {
            return real.txt(name);
        }

        @Override
        public DnsAnswer<InetAddress> addresses(String host) {
            return real.addresses(host);
        }

        @Override
        public String describe() {
            return real.describe();
        }
    }
}
