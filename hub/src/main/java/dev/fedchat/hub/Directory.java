package dev.fedchat.hub;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The hub's SQL: domains with their confirmed data ({@code hub_domains}) and the registrations
 * mailed for them ({@code hub_registrations}). Every method runs on the caller's handle, so the
 * caller decides the transaction. Stateless and thread-safe.
 */
final class Directory {
    private static final String DOMAIN_COLUMNS = "domain, url, public_key, fingerprint, confirmed_at, created_at, last_mail_at";
    private static final String REGISTRATION_COLUMNS =
            "id, domain, url, public_key, fingerprint, client_ip, state, created_at, expires_at, closed_at";

    static final String PENDING = "pending";
    static final String CONFIRMED = "confirmed";
    static final String SUPERSEDED = "superseded";

    /** A domain; the confirmed fields are null until a first confirmation. Times are epoch ms. */
    record DomainRow(String domain, String url, String publicKey, String fingerprint, Long confirmedAt, long createdAt,
            Long lastMailAt) {
        boolean confirmed() {
            return confirmedAt != null;
        }
    }

    /** One mailed registration. */
    record RegistrationRow(long id, String domain, String url, String publicKey, String fingerprint, String clientIp,
            String state, long createdAt, long expiresAt, Long closedAt) {}

    /** Creates the domain's row unless it exists, then locks it until the transaction ends: registrations of one domain queue up. */
    DomainRow lockDomain(Handle h, String domain, long now) {
        h.createUpdate("INSERT INTO hub_domains (domain, created_at) VALUES (:domain, :now) ON CONFLICT DO NOTHING")
                .bind("domain", domain).bind("now", now).execute();
        return h.createQuery("SELECT " + DOMAIN_COLUMNS + " FROM hub_domains WHERE domain = :domain FOR UPDATE")
                .bind("domain", domain).map((rs, ctx) -> domainRow(rs)).one();
    }

    /** The domain's entry if it was ever confirmed. */
    Optional<DomainRow> confirmed(Handle h, String domain) {
        return h.createQuery("SELECT " + DOMAIN_COLUMNS + " FROM hub_domains WHERE domain = :domain AND confirmed_at IS NOT NULL")
                .bind("domain", domain).map((rs, ctx) -> domainRow(rs)).findOne();
    }

    Optional<DomainRow> domain(Handle h, String domain) {
        return h.createQuery("SELECT " + DOMAIN_COLUMNS + " FROM hub_domains WHERE domain = :domain")
                .bind("domain", domain).map((rs, ctx) -> domainRow(rs)).findOne();
    }

    /** A pending registration of exactly this data whose link still works. */
    Optional<RegistrationRow> livePending(Handle h, PeerData data, long now) {
        return h.createQuery("SELECT " + REGISTRATION_COLUMNS + " FROM hub_registrations WHERE domain = :domain"
                        + " AND state = :pending AND url = :url AND public_key = :key AND expires_at > :now"
                        + " ORDER BY id DESC LIMIT 1")
                .bind("domain", data.domain()).bind("pending", PENDING).bind("url", data.url())
                .bind("key", data.publicKey()).bind("now", now)
                .map((rs, ctx) -> registrationRow(rs)).findOne();
    }

    void insertRegistration(Handle h, PeerData data, String tokenHash, String clientIp, long now, long expiresAt) {
        h.createUpdate("INSERT INTO hub_registrations (domain, url, public_key, fingerprint, token_hash, client_ip, state,"
                        + " created_at, expires_at) VALUES (:domain, :url, :key, :fingerprint, :hash, :ip, :pending, :now, :expires)")
                .bind("domain", data.domain()).bind("url", data.url()).bind("key", data.publicKey())
                .bind("fingerprint", data.fingerprint()).bind("hash", tokenHash).bind("ip", clientIp)
                .bind("pending", PENDING).bind("now", now).bind("expires", expiresAt)
                .execute();
        h.createUpdate("UPDATE hub_domains SET last_mail_at = :now WHERE domain = :domain")
                .bind("now", now).bind("domain", data.domain()).execute();
    }

    Optional<RegistrationRow> byTokenHash(Handle h, String tokenHash) {
        return h.createQuery("SELECT " + REGISTRATION_COLUMNS + " FROM hub_registrations WHERE token_hash = :hash")
                .bind("hash", tokenHash).map((rs, ctx) -> registrationRow(rs)).findOne();
    }

    /**
     * Makes the registration the domain's live entry, and voids the domain's other pending
     * registrations: an older link must not roll the entry back to older data.
     *
     * @return false when the registration was no longer pending (a concurrent confirmation won)
     */
    boolean confirm(Handle h, RegistrationRow r, long now) {
        int claimed = h.createUpdate("UPDATE hub_registrations SET state = :confirmed, closed_at = :now"
                        + " WHERE id = :id AND state = :pending")
                .bind("confirmed", CONFIRMED).bind("now", now).bind("id", r.id()).bind("pending", PENDING).execute();
        if (claimed == 0) {
            return false;
        }
        h.createUpdate("UPDATE hub_domains SET url = :url, public_key = :key, fingerprint = :fingerprint, confirmed_at = :now"
                        + " WHERE domain = :domain")
                .bind("url", r.url()).bind("key", r.publicKey()).bind("fingerprint", r.fingerprint()).bind("now", now)
                .bind("domain", r.domain()).execute();
        h.createUpdate("UPDATE hub_registrations SET state = :superseded, closed_at = :now WHERE domain = :domain AND state = :pending")
                .bind("superseded", SUPERSEDED).bind("now", now).bind("domain", r.domain()).bind("pending", PENDING).execute();
        return true;
    }

    /**
     * Forgets registrations whose links expired before {@code before}, and domains left with
     * neither a confirmation nor a registration. Until then an old link still gets its own
     * "expired" or "used" page instead of "unknown".
     */
    int purge(Handle h, long before) {
        int gone = h.createUpdate("DELETE FROM hub_registrations WHERE expires_at < :before")
                .bind("before", before).execute();
        h.createUpdate("DELETE FROM hub_domains d WHERE d.confirmed_at IS NULL AND NOT EXISTS"
                        + " (SELECT 1 FROM hub_registrations r WHERE r.domain = d.domain)")
                .execute();
        return gone;
    }

    List<DomainRow> domains(Handle h) {
        return h.createQuery("SELECT " + DOMAIN_COLUMNS + " FROM hub_domains ORDER BY domain")
                .map((rs, ctx) -> domainRow(rs)).list();
    }

    List<RegistrationRow> registrations(Handle h, String state) {
        return h.createQuery("SELECT " + REGISTRATION_COLUMNS + " FROM hub_registrations WHERE state = :state ORDER BY domain, id")
                .bind("state", state).map((rs, ctx) -> registrationRow(rs)).list();
    }

    /** Removes the domain, its confirmed entry and every registration of it; false when it was not there. */
    boolean remove(Handle h, String domain) {
        return h.createUpdate("DELETE FROM hub_domains WHERE domain = :domain").bind("domain", domain).execute() > 0;
    }

    private static DomainRow domainRow(ResultSet rs) throws SQLException {
        return new DomainRow(rs.getString("domain"), rs.getString("url"), rs.getString("public_key"),
                rs.getString("fingerprint"), nullableLong(rs, "confirmed_at"), rs.getLong("created_at"),
                nullableLong(rs, "last_mail_at"));
    }

    private static RegistrationRow registrationRow(ResultSet rs) throws SQLException {
        return new RegistrationRow(rs.getLong("id"), rs.getString("domain"), rs.getString("url"), rs.getString("public_key"),
                rs.getString("fingerprint"), rs.getString("client_ip"), rs.getString("state"), rs.getLong("created_at"),
                rs.getLong("expires_at"), nullableLong(rs, "closed_at"));
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
