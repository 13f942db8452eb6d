package dev.fedchat.hub;

import dev.fedchat.hub.Directory.DomainRow;
import dev.fedchat.hub.Directory.RegistrationRow;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's admin view, straight on its database: every domain with its listed entry and its
 * pending registrations, and removal of a domain. {@code fedchat hub list} and {@code fedchat hub
 * remove} use it. The hub keeps nothing in memory that this could make stale, so on PostgreSQL it
 * works beside a running hub; the embedded H2 file can be opened by one process only, so there
 * the hub is stopped first (the message says so).
 */
public final class HubAdmin implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HubAdmin.class);

    /** One domain: when it first registered, what lookups answer (if confirmed), and what waits for confirmation. */
    public record Entry(String domain, Instant firstRegistered, Optional<Listed> listed, List<Pending> pending) {}

    /** The confirmed data lookups answer with. */
    public record Listed(String url, String publicKey, String fingerprint, Instant confirmedAt) {}

    /** A mailed registration not confirmed yet; {@code expired} once its link no longer works. */
    public record Pending(String url, String fingerprint, String fromAddress, Instant registeredAt, Instant expiresAt,
            boolean expired) {}

    private final HubDatabase database;
    private final Directory directory = new Directory();
    private final Clock clock;

    private HubAdmin(HubDatabase database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** Opens (and if needed migrates) the hub database. */
    public static HubAdmin open(HubDatabaseConfig config, Clock clock) {
        return new HubAdmin(HubDatabase.open(config), clock);
    }

    /** Every domain, by name. */
    public List<Entry> entries() {
        long now = clock.millis();
        return database.jdbi().inTransaction(h -> {
            Map<String, List<RegistrationRow>> pending = directory.registrations(h, Directory.PENDING).stream()
                    .collect(Collectors.groupingBy(RegistrationRow::domain));
            List<Entry> entries = new ArrayList<>();
            for (DomainRow d : directory.domains(h)) {
                Optional<Listed> listed = d.confirmed()
                        ? Optional.of(new Listed(d.url(), d.publicKey(), d.fingerprint(), Instant.ofEpochMilli(d.confirmedAt())))
                        : Optional.empty();
                List<Pending> waiting = pending.getOrDefault(d.domain(), List.of()).stream()
                        .map(r -> new Pending(r.url(), r.fingerprint(), r.clientIp(), Instant.ofEpochMilli(r.createdAt()),
                                Instant.ofEpochMilli(r.expiresAt()), now >= r.expiresAt()))
                        .toList();
                entries.add(new Entry(d.domain(), Instant.ofEpochMilli(d.createdAt()), listed, waiting));
            }
            return entries;
        });
    }

    /**
     * Removes a domain: its listed entry and its pending registrations, whose links then show
     * "unknown". The domain may register again.
     *
     * @return false when the hub does not know the domain
     * @throws HubConfigException when {@code domainText} is not a domain
     */
    public boolean remove(String domainText) {
        String domain;
        try {
            domain = PeerData.domain(domainText);
        } catch (InvalidRegistrationException e) {
            throw new HubConfigException(e.getMessage());
        }
        boolean removed = database.jdbi().inTransaction(h -> directory.remove(h, domain));
        if (removed) {
            log.info("Removed {} from the hub directory", domain);
        }
        return removed;
    }

    @Override
    public void close() {
        database.close();
    }
}
