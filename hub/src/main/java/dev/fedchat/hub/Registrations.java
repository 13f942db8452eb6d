package dev.fedchat.hub;

import dev.fedchat.hub.Directory.DomainRow;
import dev.fedchat.hub.Directory.RegistrationRow;
import dev.fedchat.hub.LinkException.Problem;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's rules (issue 5 §1): a registration is stored as pending and mailed to
 * {@code webmaster@<domain>}; only the link in that mail makes it the domain's live entry. A
 * confirmed entry therefore never changes on anyone's word but the webmaster's: a stranger's
 * different URL or key stays pending, and lookups keep answering with the confirmed data.
 *
 * <p>Registrations of one domain are serialised by a row lock on the domain, held while the
 * mail is sent: a mail that fails rolls the registration back, so nothing is stored that nobody
 * was told about. Thread-safe.
 */
final class Registrations {
    private static final Logger log = LoggerFactory.getLogger(Registrations.class);
    /** Links that ended longer ago than this are forgotten; until then they get their own page. */
    static final Duration KEEP_ENDED_LINKS = Duration.ofDays(30);

    /** What a registration request led to. */
    enum Outcome {
        /** A confirmation mail went out. */
        MAILED,
        /** The same data is pending and was mailed less than the mail interval ago: no second mail. */
        ALREADY_MAILED,
        /** Exactly the confirmed data: nothing to do. */
        ALREADY_CONFIRMED
    }

    /** What a confirmation link shows: the registration, and the entry it would replace, if any. */
    record Preview(RegistrationRow registration, Optional<DomainRow> current) {}

    private final Jdbi jdbi;
    private final Directory directory;
    private final Mailer mailer;
    private final ConfirmationTokens tokens;
    private final AddressLimiter addresses;
    private final HubLimits limits;
    private final Clock clock;
    /** The public base URL; known only once the HTTP port is bound. */
    private final Supplier<String> publicUrl;

    Registrations(Jdbi jdbi, Directory directory, Mailer mailer, ConfirmationTokens tokens, AddressLimiter addresses,
            HubLimits limits, Clock clock, Supplier<String> publicUrl) {
        this.jdbi = jdbi;
        this.directory = directory;
        this.mailer = mailer;
        this.tokens = tokens;
        this.addresses = addresses;
        this.limits = limits;
        this.clock = clock;
        this.publicUrl = publicUrl;
    }

    /**
     * Counts a registration request against its client address; done before the body is read, so
     * a flood of malformed requests is limited too.
     */
    void admit(String clientIp) {
        addresses.acquire(clientIp);
    }

    /**
     * Stores and mails a registration, unless it is the confirmed data already or was just mailed.
     *
     * @throws RateLimitedException other data for the domain was mailed less than the mail interval ago
     * @throws MailException        the mail could not be sent; nothing was stored
     */
    Outcome register(PeerData data, String clientIp) {
        long now = clock.millis();
        return jdbi.inTransaction(h -> {
            directory.purge(h, now - KEEP_ENDED_LINKS.toMillis());
            DomainRow domain = directory.lockDomain(h, data.domain(), now);
            if (domain.confirmed() && data.sameAs(domain.url(), domain.publicKey())) {
                log.debug("Registration of {} from {} repeats the confirmed entry: nothing to do", data.domain(), clientIp);
                return Outcome.ALREADY_CONFIRMED;
            }
            long sinceMail = domain.lastMailAt() == null ? Long.MAX_VALUE : now - domain.lastMailAt();
            if (sinceMail < limits.mailInterval().toMillis()) {
                if (directory.livePending(h, data, now).isPresent()) {
                    log.debug("Registration of {} from {} repeats the one mailed {} ago: no second mail", data.domain(),
                            clientIp, AddressLimiter.human(Duration.ofMillis(sinceMail)));
                    return Outcome.ALREADY_MAILED;
                }
                Duration wait = limits.mailInterval().minusMillis(sinceMail);
                throw new RateLimitedException("a confirmation mail for " + data.domain() + " was sent "
                        + AddressLimiter.human(Duration.ofMillis(sinceMail)) + " ago; at most one is sent every "
                        + AddressLimiter.human(limits.mailInterval()) + ", try again in " + AddressLimiter.human(wait), wait);
            }
            String token = tokens.next();
            long expires = now + limits.linkLifetime().toMillis();
            directory.insertRegistration(h, data, ConfirmationTokens.hash(token), clientIp, now, expires);
            Mail mail = ConfirmationMail.of(data, domain, link(token), Instant.ofEpochMilli(expires));
            // inside the transaction on purpose: a failed mail rolls the registration back
            mailer.send(mail);
            log.info("Registration of {} ({}, key {}) from {}: confirmation mailed to {}, the link works until {}",
                    data.domain(), data.url(), data.fingerprint(), clientIp, mail.to(), Instant.ofEpochMilli(expires));
            return Outcome.MAILED;
        });
    }

    /** The registration a link would confirm. */
    Preview preview(String token) {
        return jdbi.withHandle(h -> {
            RegistrationRow r = usable(h, token, clock.millis());
            return new Preview(r, directory.confirmed(h, r.domain()));
        });
    }

    /**
     * Confirms the registration of a link: its data becomes the domain's entry.
     *
     * @return the registration confirmed
     * @throws LinkException the link is unknown, used, expired or replaced
     */
    RegistrationRow confirm(String token) {
        long now = clock.millis();
        return jdbi.inTransaction(h -> {
            RegistrationRow r = usable(h, token, now);
            directory.lockDomain(h, r.domain(), now);
            Optional<DomainRow> before = directory.confirmed(h, r.domain());
            if (!directory.confirm(h, r, now)) {
                // another confirmation of this link, or of a newer one, committed while we waited for the lock
                usable(h, token, now);
                throw new LinkException(Problem.USED, "This link was just used.");
            }
            log.info("{} confirmed: lookups now answer {} with key {}{}", r.domain(), r.url(), r.fingerprint(),
                    before.map(b -> " (was " + b.url() + " with key " + b.fingerprint() + ")").orElse(" (new entry)"));
            return r;
        });
    }

    /** The confirmed entry of a domain. */
    DomainRow lookup(String domainText) {
        String domain = PeerData.domain(domainText);
        return jdbi.withHandle(h -> directory.confirmed(h, domain)).orElseThrow(() -> new PeerNotFoundException(
                "no confirmed entry for " + domain + " on this hub"));
    }

    private RegistrationRow usable(org.jdbi.v3.core.Handle h, String token, long now) {
        Optional<RegistrationRow> found = ConfirmationTokens.wellFormed(token)
                ? directory.byTokenHash(h, ConfirmationTokens.hash(token)) : Optional.empty();
        RegistrationRow r = found.orElseThrow(() -> new LinkException(Problem.UNKNOWN, "This hub knows no such confirmation"
                + " link. It may have been cut or mistyped, or the hub's admin removed the registration. Save the server's"
                + " federation settings again to get a new mail."));
        switch (r.state()) {
            case Directory.CONFIRMED -> throw new LinkException(Problem.USED, "This link was already used: " + r.domain()
                    + " was confirmed on " + Instant.ofEpochMilli(r.closedAt()) + ". There is nothing more to do.");
            case Directory.SUPERSEDED -> throw new LinkException(Problem.SUPERSEDED, "A newer registration of " + r.domain()
                    + " was confirmed on " + Instant.ofEpochMilli(r.closedAt()) + ", so this older link no longer applies.");
            default -> { }
        }
        if (now >= r.expiresAt()) {
            throw new LinkException(Problem.EXPIRED, "This link expired on " + Instant.ofEpochMilli(r.expiresAt())
                    + " (links work for " + AddressLimiter.human(limits.linkLifetime()) + "). Save the federation settings of "
                    + r.domain() + " again to get a new mail.");
        }
        return r;
    }

    private URI link(String token) {
        String base = publicUrl.get();
        return URI.create(base + ConfirmationRoutes.PATH_PREFIX + token);
    }
}
