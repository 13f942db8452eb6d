package dev.fedchat.protocol.doctor;

import dev.fedchat.protocol.crypto.InvalidKeyTextException;
import dev.fedchat.protocol.crypto.KeyFingerprint;
import dev.fedchat.protocol.crypto.Pem;
import dev.fedchat.protocol.discovery.DnsAnswer;
import dev.fedchat.protocol.discovery.DnsLookup;
import dev.fedchat.protocol.discovery.DnsRecords;
import dev.fedchat.protocol.discovery.DnsRecordsException;
import dev.fedchat.protocol.discovery.FederationDomain;
import dev.fedchat.protocol.discovery.HubFallback;
import dev.fedchat.protocol.discovery.Peer;
import dev.fedchat.protocol.discovery.PeerDiscovery;
import dev.fedchat.protocol.discovery.PeerNotFoundException;
import dev.fedchat.protocol.discovery.SrvRecord;
import dev.fedchat.protocol.discovery.SrvSelection;
import dev.fedchat.protocol.discovery.TxtRecord;
import dev.fedchat.protocol.doctor.ServerProbe.Result;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Resolves a domain the way a peer would and says, check by check, what works and what to fix:
 * the SRV record, the legacy pair, the target's address, the port, {@code GET /api/info}, the key
 * TXT, and whether the published key is the key the server holds. Rocket.Chat's "Test setup" only
 * pinged itself and never compared keys (issue #23057), so a stale TXT record after a key change
 * went unnoticed until peers' requests failed.
 *
 * <p>Used by {@code ./fedchat doctor} and by the admin's {@code federation.testSetup};
 * {@link #lookUp(DnsRecords)} gives the admin's per-record check marks. Thread-safe.
 */
public final class SetupDoctor {
    private final DnsLookup dns;
    private final ServerProbe probe;
    private final SrvSelection selection = new SrvSelection(RandomGenerator.getDefault());

    public SetupDoctor(DnsLookup dns, Duration networkTimeout) {
        this.dns = dns;
        this.probe = new ServerProbe(networkTimeout);
    }

    public Checklist examine(String domainText, Expectations expected) {
        String domain;
        try {
            domain = FederationDomain.parse(domainText).name();
        } catch (DnsRecordsException e) {
            return new Checklist(String.valueOf(domainText), dns.describe(),
                    List.of(Check.fail("Domain", e.getMessage(), "set FEDERATION_Domain to a domain name such as example.org")));
        }
        return new Examination(domain, expected).run();
    }

    /**
     * Whether a peer looking {@code domain} up takes DNS's answer: a usable SRV record and key, so
     * it never asks a hub. When this is false, peers with a hub fall back to it, and what DNS got
     * wrong is only advice for a server that is also listed there.
     */
    public boolean peersTakeDnsAnswer(String domain) {
        try {
            return new PeerDiscovery(dns, HubFallback.NONE, selection).find(domain).source() == Peer.Source.DNS;
        } catch (PeerNotFoundException e) {
            return false;
        }
    }

    /**
     * Looks up every record of {@code records} now and says, record by record, whether DNS serves
     * it as expected, and what it serves instead (the admin's check marks).
     */
    public RecordChecks lookUp(DnsRecords records) {
        return new RecordChecks(records.domain().name(), dns.describe(), new PublishedRecords(dns).check(records));
    }

    /** One run of the checks; later checks use what earlier ones found. */
    private final class Examination {
        final String domain;
        final Expectations expected;
        final List<Check> checks = new ArrayList<>();
        /** Where peers will connect, once the SRV check found it. */
        String scheme;
        SrvRecord service;
        List<InetAddress> addresses = List.of();
        URI base;
        String publishedKey;

        Examination(String domain, Expectations expected) {
            this.domain = domain;
            this.expected = expected;
        }

        Checklist run() {
            DnsAnswer<SrvRecord> https = dns.srv("_rocketchat._https." + domain);
            DnsAnswer<SrvRecord> http = dns.srv("_rocketchat._http." + domain);
            DnsAnswer<SrvRecord> tcp = dns.srv("_rocketchat._tcp." + domain);
            DnsAnswer<TxtRecord> protocol = dns.txt("rocketchat-tcp-protocol." + domain);
            checks.add(serviceRecord(https, http, tcp, protocol));
            checks.add(legacyRecords(tcp, protocol));
            if (service == null) {
                String why = "no SRV record, so there is nothing to connect to";
                checks.add(Check.skip("Target address", why));
                checks.add(Check.skip("Port", why));
                checks.add(Check.skip("Rocket.Chat API", why));
            } else {
                checks.add(targetAddress());
                checks.add(port());
                checks.add(api());
            }
            checks.add(keyRecord());
            checks.add(keyMatches());
            return new Checklist(domain, dns.describe(), checks);
        }

        private Check serviceRecord(DnsAnswer<SrvRecord> https, DnsAnswer<SrvRecord> http, DnsAnswer<SrvRecord> tcp,
                                    DnsAnswer<TxtRecord> protocol) {
            String title = "SRV record";
            List<String> seen = new ArrayList<>();
            Object[][] order = {{https, "https", "_https"}, {http, "http", "_http"}, {tcp, null, "_tcp"}};
            boolean failed = false;
            for (Object[] o : order) {
                @SuppressWarnings("unchecked")
                DnsAnswer<SrvRecord> answer = (DnsAnswer<SrvRecord>) o[0];
                String name = "_rocketchat." + o[2] + "." + domain;
                if (answer instanceof DnsAnswer.Found<SrvRecord> found) {
                    List<SrvRecord> ordered = selection.order(found.records());
                    if (ordered.isEmpty()) {
                        seen.add(name + " says the service is not offered (target \".\")");
                        continue;
                    }
                    service = ordered.get(0);
                    scheme = o[1] != null ? (String) o[1] : legacyScheme(protocol);
                    String detail = name + " → " + service.value() + (found.records().size() > 1
                            ? " (first of " + found.records().size() + " by priority and weight)" : "")
                            + (o[1] == null ? ", the legacy name, read as " + scheme : "");
                    return matchesSite(title, detail);
                }
                if (answer instanceof DnsAnswer.Failed<SrvRecord> f) {
                    failed = true;
                    seen.add(name + ": " + f.reason());
                } else if (answer instanceof DnsAnswer.Missing<SrvRecord> missing) {
                    seen.add(name + ": " + missing.describe());
                }
            }
            String fix = expected.records().map(r -> "publish " + r.primarySrv().zoneLine())
                    .orElse("publish _rocketchat._https." + domain + ". 300 IN SRV 1 1 443 <the chat server's host name>.");
            return Check.fail(title, String.join("; ", seen), failed ? "make sure the DNS server answers, then " + fix : fix);
        }

        private Check matchesSite(String title, String detail) {
            if (expected.records().isEmpty()) {
                return Check.pass(title, detail);
            }
            DnsRecords want = expected.records().get();
            String site = want.site().federationUrl();
            String found = scheme + "://" + service.host() + ":" + service.port();
            if (!found.equalsIgnoreCase(site)) {
                return Check.fail(title, detail + ", so peers call " + found + " but Site_Url says " + site,
                        "publish " + want.primarySrv().zoneLine() + " (and remove the old record)");
            }
            return Check.pass(title, detail);
        }

        private String legacyScheme(DnsAnswer<TxtRecord> protocol) {
            if (protocol instanceof DnsAnswer.Found<TxtRecord> found) {
                String value = found.records().get(0).text().strip().toLowerCase(Locale.ROOT);
                if (value.equals("http") || value.equals("https")) {
                    return value;
                }
            }
            return "https";
        }

        private Check legacyRecords(DnsAnswer<SrvRecord> tcp, DnsAnswer<TxtRecord> protocol) {
            String title = "Legacy records";
            String protocolName = "rocketchat-tcp-protocol." + domain;
            String value = protocol instanceof DnsAnswer.Found<TxtRecord> f ? f.records().get(0).text().strip() : null;
            if (!(tcp instanceof DnsAnswer.Found<SrvRecord> legacy)) {
                return value == null
                        ? Check.pass(title, "_rocketchat._tcp." + domain + " is not published (only needed where a provider refuses _https/_http names)")
                        : Check.warn(title, protocolName + " says \"" + value + "\" but there is no _rocketchat._tcp." + domain
                        + " record for it to describe", "remove the TXT record, or publish the legacy SRV beside it");
            }
            if (value != null && !value.equalsIgnoreCase("http") && !value.equalsIgnoreCase("https")) {
                return Check.fail(title, protocolName + " says \"" + value + "\"; it must be http or https",
                        "publish " + expected.records().map(r -> r.legacyProtocolTxt().zoneLine())
                                .orElse(protocolName + ". 300 IN TXT \"https\" (or \"http\" when the server has no TLS)"));
            }
            SrvRecord legacyRecord = legacy.records().get(0);
            String legacyScheme = value == null ? "https" : value.toLowerCase(Locale.ROOT);
            if (service != null && !service.equals(legacyRecord) && !(service.host().equals(legacyRecord.host())
                    && service.port() == legacyRecord.port() && scheme.equals(legacyScheme))) {
                return Check.fail(title, "_rocketchat._tcp." + domain + " → " + legacyRecord.value() + " read as " + legacyScheme
                        + ", but the main record says " + scheme + "://" + service.host() + ":" + service.port()
                        + "; peers that read the legacy name would call another server",
                        "publish " + legacySrvLine() + "\npublish " + legacyProtocolLine());
            }
            return Check.pass(title, "_rocketchat._tcp." + domain + " → " + legacyRecord.value() + " read as " + legacyScheme
                    + (value == null ? " (no " + protocolName + ", so https)" : ""));
        }

        private String legacySrvLine() {
            return expected.records().map(r -> r.legacySrv().zoneLine()).orElse("_rocketchat._tcp." + domain + ". 300 IN SRV "
                    + service.priority() + " " + service.weight() + " " + service.port() + " " + service.target());
        }

        private String legacyProtocolLine() {
            return expected.records().map(r -> r.legacyProtocolTxt().zoneLine())
                    .orElse("rocketchat-tcp-protocol." + domain + ". 300 IN TXT \"" + (scheme == null ? "https" : scheme) + "\"");
        }

        private Check targetAddress() {
            String title = "Target address";
            String host = service.host();
            DnsAnswer<InetAddress> answer = dns.addresses(host);
            if (answer instanceof DnsAnswer.Found<InetAddress> found) {
                addresses = found.records();
                return Check.pass(title, host + " → " + String.join(", ", addresses.stream().map(InetAddress::getHostAddress).toList()));
            }
            try {
                addresses = Arrays.asList(InetAddress.getAllByName(host));
                return Check.warn(title, host + " is unknown to " + dns.describe() + " but the system resolver finds "
                        + addresses.get(0).getHostAddress() + "; peers use their own resolvers",
                        "publish an A (or AAAA) record for " + host + " in public DNS");
            } catch (java.net.UnknownHostException e) {
                String why = answer instanceof DnsAnswer.Failed<InetAddress> f ? f.reason() : "no A or AAAA record";
                return Check.fail(title, host + ": " + why, "publish an A (or AAAA) record for " + host
                        + ", the SRV record's target");
            }
        }

        private Check port() {
            String title = "Port";
            if (addresses.isEmpty()) {
                return Check.skip(title, "the target has no address to connect to");
            }
            Result<InetSocketAddress> connected = probe.connect(addresses, service.port());
            if (!connected.ok()) {
                return Check.fail(title, connected.failure(), "start the server, or open port " + service.port()
                        + " to the internet; the SRV record says peers connect there");
            }
            return Check.pass(title, connected.value().getAddress().getHostAddress() + ":" + service.port() + " accepts connections");
        }

        private Check api() {
            String title = "Rocket.Chat API";
            String host = service.host();
            if (!ServerProbe.systemResolves(host)) {
                if (scheme.equals("https") || addresses.isEmpty()) {
                    return Check.skip(title, "this machine's resolver does not know " + host + ", so " + scheme + "://"
                            + host + " could not be called from here");
                }
                host = addresses.get(0).getHostAddress();
            }
            base = URI.create(scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + service.port());
            Result<String> version = probe.info(base);
            if (!version.ok()) {
                base = null;
                return Check.fail(title, version.failure(), "make sure the SRV target and port lead to the chat server itself "
                        + "(a reverse proxy must pass /api/ through), over " + scheme);
            }
            return Check.pass(title, "GET " + base + "/api/info answers, version " + version.value());
        }

        private Check keyRecord() {
            String title = "Public key TXT";
            String name = "rocketchat-public-key." + domain;
            String fix = expected.records().map(r -> "publish " + r.publicKeyTxt().zoneLine()
                    + "\n(one record; in a provider's single text box: " + r.publicKeyTxt().value() + ")")
                    .orElse("publish the server's public key (./fedchat dns-records prints it) as ONE TXT record at " + name
                            + ", cut into strings of at most 255 characters");
            DnsAnswer<TxtRecord> answer = dns.txt(name);
            if (answer instanceof DnsAnswer.Found<TxtRecord> found) {
                List<TxtRecord> records = found.records();
                String first = records.get(0).text();
                try {
                    Pem.readPublic(first);
                } catch (InvalidKeyTextException e) {
                    if (records.size() > 1) {
                        return Check.fail(title, name + " has " + records.size() + " TXT records and the first is not a whole "
                                + "key: the key is split across records, and peers read only one (Rocket.Chat issue #14831)",
                                fix + "\nand delete the other records");
                    }
                    return Check.fail(title, name + " is not an RSA public key: " + e.getMessage(), fix);
                }
                publishedKey = first;
                String fingerprint = KeyFingerprint.of(first);
                if (records.size() > 1) {
                    return Check.warn(title, name + " holds a key (" + fingerprint + ") but has " + records.size()
                            + " TXT records; peers read whichever comes first", "keep only the record with the server's key");
                }
                return Check.pass(title, name + " holds an RSA public key (" + fingerprint + ") in "
                        + records.get(0).strings().size() + " string(s) of one record");
            }
            String why = answer instanceof DnsAnswer.Failed<TxtRecord> f ? f.reason()
                    : ((DnsAnswer.Missing<TxtRecord>) answer).describe();
            return Check.fail(title, name + ": " + why, fix);
        }

        private Check keyMatches() {
            String title = "Published key is the server's";
            if (publishedKey == null) {
                return Check.skip(title, "no published key to compare");
            }
            String published = KeyFingerprint.of(publishedKey);
            if (expected.localKey().isPresent()) {
                String local = KeyFingerprint.of(expected.localKey().get());
                if (!local.equals(published)) {
                    return Check.fail(title, "DNS publishes " + published + " but this server holds " + local
                            + "; peers would encrypt for a key nobody holds", "publish " + keyLine(expected.localKey().get()));
                }
            }
            if (base == null) {
                return expected.localKey().isPresent()
                        ? Check.pass(title, "DNS publishes " + published + ", the key this server holds")
                        : Check.skip(title, "the server could not be called, so its key could not be compared");
            }
            Result<Optional<String>> served = probe.publicKey(base);
            if (!served.ok()) {
                return Check.skip(title, "the server's key could not be read: " + served.failure());
            }
            if (served.value().isEmpty()) {
                return expected.localKey().isPresent()
                        ? Check.pass(title, "DNS publishes " + published + ", the key this server holds")
                        : Check.skip(title, base + " has no /api/v1/federation.publicKey (a Rocket.Chat server lacks it), "
                        + "so the comparison was not possible");
            }
            String serverKey = served.value().get();
            String holds;
            try {
                holds = KeyFingerprint.of(serverKey);
            } catch (InvalidKeyTextException e) {
                return Check.fail(title, base + " serves a public key that is not an RSA key: " + e.getMessage(), "");
            }
            if (!holds.equals(published)) {
                return Check.fail(title, "DNS publishes " + published + " but " + base + " holds " + holds
                        + "; peers' requests to it cannot be decrypted, and its requests are refused", "publish " + keyLine(serverKey));
            }
            return Check.pass(title, "DNS publishes " + published + ", the key " + base + " holds");
        }

        private String keyLine(String pem) {
            URI url = URI.create((scheme == null ? "https" : scheme) + "://" + (service == null ? domain : service.host())
                    + ":" + (service == null ? 443 : service.port()));
            return expected.records().map(r -> DnsRecords.of(domain, r.site().federationUrl(), pem))
                    .orElseGet(() -> DnsRecords.of(domain, url, pem)).publicKeyTxt().zoneLine();
        }
    }
}
