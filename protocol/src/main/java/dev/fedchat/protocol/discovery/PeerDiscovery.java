package dev.fedchat.protocol.discovery;

import dev.fedchat.protocol.crypto.InvalidKeyTextException;
import dev.fedchat.protocol.crypto.Pem;
import dev.fedchat.protocol.hub.HubException;
import dev.fedchat.protocol.hub.HubPeer;
import java.net.URI;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds a peer's base URL and public key (federation-protocol.md §4), without caching (see
 * {@link PeerCache}). The walk is Rocket.Chat's, minus its defects:
 * <ol>
 *   <li>SRV {@code _rocketchat._https.D}, then {@code _rocketchat._http.D}, then the legacy
 *       {@code _rocketchat._tcp.D} whose protocol comes from TXT {@code rocketchat-tcp-protocol.D}
 *       (Rocket.Chat queried that TXT with the SRV resolver and always used https);</li>
 *   <li>among the SRV records, RFC 2782's priority and weight (Rocket.Chat took the first);</li>
 *   <li>TXT {@code rocketchat-public-key.D}: the strings of one record joined. A key cut across
 *       several records is reported as such (Rocket.Chat issue #14831) instead of "not found";</li>
 *   <li>when DNS gives no usable answer, the hub, if one is configured.</li>
 * </ol>
 * Every step is recorded, and a failure lists them all.
 */
public final class PeerDiscovery {
    private static final long HUB_TTL_SECONDS = 600;

    private final DnsLookup dns;
    private final HubFallback hub;
    private final SrvSelection selection;

    public PeerDiscovery(DnsLookup dns, HubFallback hub, SrvSelection selection) {
        this.dns = dns;
        this.hub = hub;
        this.selection = selection;
    }

    public DnsLookup dns() {
        return dns;
    }

    public Peer find(String domain) {
        String d = normalize(domain);
        Walk walk = new Walk(d);
        Peer found = walk.dns();
        if (found != null) {
            return found;
        }
        found = walk.hub();
        if (found != null) {
            return found;
        }
        throw new PeerNotFoundException(d, walk.attempts, walk.problem());
    }

    private static String normalize(String domain) {
        try {
            return FederationDomain.parse(domain).name();
        } catch (DnsRecordsException e) {
            throw new PeerNotFoundException(String.valueOf(domain),
                    List.of(new Attempt("domain check", e.getMessage())), PeerNotFoundException.Problem.MISCONFIGURED);
        }
    }

    /** The state of one lookup: what was tried, and the worst kind of trouble met. */
    private final class Walk {
        final String domain;
        final List<Attempt> attempts = new ArrayList<>();
        boolean misconfigured;
        boolean failed;

        Walk(String domain) {
            this.domain = domain;
        }

        Peer dns() {
            if (!dns.asks()) {
                attempts.add(new Attempt("DNS", "not asked: " + dns.describe()));
                return null;
            }
            String via = " (" + dns.describe() + ")";
            Service service = service(via);
            if (service == null) {
                return null;
            }
            String protocol = service.protocol;
            long ttl = service.record.ttl();
            if (protocol == null) {
                Legacy legacy = legacyProtocol(via);
                if (legacy == null) {
                    return null;
                }
                protocol = legacy.protocol;
                ttl = Math.min(ttl, legacy.ttl);
            }
            String keyName = "rocketchat-public-key." + domain;
            DnsAnswer<TxtRecord> answer = dns.txt(keyName);
            String step = "TXT " + keyName + via;
            if (answer instanceof DnsAnswer.Found<TxtRecord> found) {
                KeyText key = key(step, found.records());
                if (key == null) {
                    return null;
                }
                attempts.add(new Attempt(step, "an RSA public key" + (found.records().get(0).strings().size() > 1
                        ? " in " + found.records().get(0).strings().size() + " strings" : "")));
                URI url = URI.create(protocol + "://" + service.record.host() + ":" + service.record.port());
                return new Peer(domain, url, key.pem, key.key, Peer.Source.DNS, Math.min(ttl, found.ttlSeconds()), attempts);
            }
            note(step, answer);
            return null;
        }

        /** The first SRV name that answers with a usable record, and its protocol (null for legacy _tcp). */
        private Service service(String via) {
            String[][] names = {{"_https", "https"}, {"_http", "http"}, {"_tcp", null}};
            for (String[] n : names) {
                String name = "_rocketchat." + n[0] + "." + domain;
                DnsAnswer<SrvRecord> answer = dns.srv(name);
                String step = "SRV " + name + via;
                if (answer instanceof DnsAnswer.Found<SrvRecord> found) {
                    List<SrvRecord> ordered = selection.order(found.records());
                    if (ordered.isEmpty()) {
                        attempts.add(new Attempt(step, "target '.': the domain says it offers no such service"));
                        continue;
                    }
                    SrvRecord chosen = ordered.get(0);
                    attempts.add(new Attempt(step, found.records().size() == 1 ? "found " + chosen.value()
                            : found.records().size() + " records, chose " + chosen.value() + " by priority and weight"));
                    return new Service(chosen, n[1]);
                }
                note(step, answer);
            }
            return null;
        }

        private Legacy legacyProtocol(String via) {
            String name = "rocketchat-tcp-protocol." + domain;
            String step = "TXT " + name + via;
            DnsAnswer<TxtRecord> answer = dns.txt(name);
            if (answer instanceof DnsAnswer.Missing<TxtRecord>) {
                attempts.add(new Attempt(step, "none, so the legacy _tcp record means https"));
                return new Legacy("https", Long.MAX_VALUE);
            }
            if (answer instanceof DnsAnswer.Found<TxtRecord> found) {
                String value = found.records().get(0).text().strip().toLowerCase(Locale.ROOT);
                if (value.equals("http") || value.equals("https")) {
                    attempts.add(new Attempt(step, value));
                    return new Legacy(value, found.ttlSeconds());
                }
                misconfigured = true;
                attempts.add(new Attempt(step, "says '" + found.records().get(0).text() + "'; it must be http or https"));
                return null;
            }
            note(step, answer);
            return null;
        }

        private KeyText key(String step, List<TxtRecord> records) {
            String first = records.get(0).text();
            try {
                return new KeyText(first, Pem.readPublic(first));
            } catch (InvalidKeyTextException e) {
                misconfigured = true;
                if (records.size() > 1) {
                    attempts.add(new Attempt(step, records.size() + " TXT records, and the first is not a whole key: "
                            + "the key seems split across records. Publish it as several strings of ONE record "
                            + "(\"part 1\" \"part 2\" ...), see Rocket.Chat issue #14831"));
                } else {
                    attempts.add(new Attempt(step, "not an RSA public key: " + e.getMessage()));
                }
                return null;
            }
        }

        Peer hub() {
            if (hub.hub().isEmpty()) {
                attempts.add(new Attempt("hub", "none configured (FEDERATION_Hub_URL is empty), so no fallback"));
                return null;
            }
            String step = "hub " + hub.hub().get();
            HubPeer entry;
            try {
                entry = hub.find(domain);
            } catch (RuntimeException e) {
                failed |= !(e instanceof HubException h && h.reason() == HubException.Reason.PEER_NOT_FOUND);
                attempts.add(new Attempt(step, e.getMessage()));
                return null;
            }
            PublicKey key;
            URI url;
            try {
                key = Pem.readPublic(entry.publicKeyPem());
                url = URI.create(entry.url().replaceAll("/+$", ""));
                if (!HttpUrls.isHttp(url)) {
                    throw new IllegalArgumentException("not an http(s) URL: " + entry.url());
                }
            } catch (RuntimeException e) {
                misconfigured = true;
                attempts.add(new Attempt(step, "the hub's entry is unusable: " + e.getMessage()));
                return null;
            }
            attempts.add(new Attempt(step, "found " + url));
            return new Peer(domain, url, entry.publicKeyPem(), key, Peer.Source.HUB, HUB_TTL_SECONDS, attempts);
        }

        private void note(String step, DnsAnswer<?> answer) {
            if (answer instanceof DnsAnswer.Missing<?> missing) {
                attempts.add(new Attempt(step, missing.describe()));
            } else if (answer instanceof DnsAnswer.Failed<?> failure) {
                failed = true;
                attempts.add(new Attempt(step, failure.reason()));
            }
        }

        PeerNotFoundException.Problem problem() {
            if (misconfigured) {
                return PeerNotFoundException.Problem.MISCONFIGURED;
            }
            return failed ? PeerNotFoundException.Problem.LOOKUP_FAILED : PeerNotFoundException.Problem.NOT_PUBLISHED;
        }
    }

    private record Service(SrvRecord record, String protocol) {}

    private record Legacy(String protocol, long ttl) {}

    private record KeyText(String pem, PublicKey key) {}
}
