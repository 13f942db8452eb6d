package dev.fedchat.server.federation.transport;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peers known to sign their requests ({@link RequestProof}): a domain is recorded, durably
 * ({@code federation_signing_peers}), the first time a valid proof arrives from it, and from then
 * on an unsigned request claiming it is refused. Without this, an attacker could strip the proof
 * from a captured request and replay it as if from a Rocket.Chat peer, which cannot sign.
 *
 * <p>An operator whose peer really went back to software that does not sign deletes its row
 * (docs/federation-security.md, "Replays"). Thread-safe: what the table says of a domain is kept
 * in a bounded cache ({@link #MAX_DOMAINS}; any domain can be claimed, so it must be bounded, and
 * a domain forgotten is read again); recording is idempotent (first time wins).
 */
public final class SigningPeers {
    private static final Logger log = LoggerFactory.getLogger(SigningPeers.class);

    static final int MAX_DOMAINS = 10_000;

    private final Jdbi jdbi;
    private final Clock clock;
    /** Domain → when it first signed, or empty when it never did, as the table said. */
    private final LoadingCache<String, Optional<Instant>> known;

    public SigningPeers(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.known = Caffeine.newBuilder().executor(Runnable::run).maximumSize(MAX_DOMAINS).build(this::read);
    }

    /** When {@code domain} first sent a valid proof, if it ever did. */
    public Optional<Instant> signingSince(String domain) {
        return known.get(domain);
    }

    private Optional<Instant> read(String domain) {
        return jdbi.withHandle(h -> h.createQuery("SELECT first_signed_at FROM federation_signing_peers WHERE domain = :domain")
                .bind("domain", domain).mapTo(Long.class).findOne().map(Instant::ofEpochMilli));
    }

    /** Records that {@code domain} signs, unless known already. */
    public void record(String domain) {
        if (signingSince(domain).isPresent()) {
            return;
        }
        long now = clock.millis();
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO federation_signing_peers (domain, first_signed_at)"
                + " VALUES (:domain, :now) ON CONFLICT DO NOTHING").bind("domain", domain).bind("now", now).execute());
        known.invalidate(domain); // read back: another thread or server on this database may have been first
        log.info("{} signs its federation requests: from now on an unsigned request claiming {} is refused", domain, domain);
    }
}
