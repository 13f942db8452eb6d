package dev.fedchat.protocol.discovery;

import dev.fedchat.protocol.crypto.InvalidKeyTextException;
import dev.fedchat.protocol.crypto.Pem;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The DNS records a server must publish so peers find it (federation-protocol.md §4), computed
 * from its federation domain, its {@code Site_Url} and its public key. Every name is relative to
 * the federation domain, not to the chat host: domain {@code example.org} served at
 * {@code https://chat.example.org} publishes {@code _rocketchat._https.example.org SRV 1 1 443
 * chat.example.org.} (§4.1, RocketChat/docs-old#2001).
 *
 * <ul>
 *   <li>{@link #primarySrv()}: {@code _rocketchat._https.<domain>} or {@code _rocketchat._http.<domain>}
 *       after the scheme of {@code Site_Url}, pointing at its host and port;</li>
 *   <li>{@link #publicKeyTxt()}: {@code rocketchat-public-key.<domain>}, the single-line PEM as ONE
 *       record of several strings of at most 255 bytes (a key split across several records is
 *       Rocket.Chat issue #14831: only the first record is read);</li>
 *   <li>{@link #legacySrv()} and {@link #legacyProtocolTxt()}: {@code _rocketchat._tcp.<domain>} and
 *       {@code rocketchat-tcp-protocol.<domain>}, for providers that refuse {@code _https}/{@code _http}
 *       SRV names.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe. Building one validates the inputs and throws
 * {@link DnsRecordsException} naming the wrong one; problems that do not stop publication (a path
 * in {@code Site_Url}, a host peers cannot reach) are listed in {@link #warnings()}.
 */
public final class DnsRecords {
    /**
     * The TTL we suggest. Rocket.Chat's wizard said 1 second, which many providers refuse (their
     * minimum is 60 or 300) and which sends every lookup to the authoritative servers; its docs
     * said 1 hour, which is how long a fix (a moved host, a new key) then takes to reach peers.
     * Five minutes keeps fixes quick for peers that honour the TTL, fedchat included, at little
     * query cost. Rocket.Chat peers cache for an hour whatever the TTL (§4.2).
     */
    public static final int TTL_SECONDS = 300;
    /** The one priority and weight we publish: a single SRV record has nothing to choose between. */
    static final int PRIORITY = 1;
    static final int WEIGHT = 1;

    private final FederationDomain domain;
    private final SiteAddress site;
    private final String publicKeyPem;
    private final SrvRecord primarySrv;
    private final SrvRecord legacySrv;
    private final TxtRecord legacyProtocolTxt;
    private final TxtRecord publicKeyTxt;
    private final List<String> warnings;

    private DnsRecords(FederationDomain domain, SiteAddress site, String publicKeyPem) {
        this.domain = domain;
        this.site = site;
        this.publicKeyPem = publicKeyPem;
        String d = domain.name();
        String target = site.host() + ".";
        this.primarySrv = new SrvRecord("_rocketchat._" + site.scheme() + "." + d, TTL_SECONDS, PRIORITY, WEIGHT,
                site.port(), target);
        this.legacySrv = new SrvRecord("_rocketchat._tcp." + d, TTL_SECONDS, PRIORITY, WEIGHT, site.port(), target);
        this.legacyProtocolTxt = new TxtRecord("rocketchat-tcp-protocol." + d, TTL_SECONDS, List.of(site.scheme()));
        this.publicKeyTxt = new TxtRecord("rocketchat-public-key." + d, TTL_SECONDS, split(publicKeyPem));
        this.warnings = List.copyOf(warningsFor(site));
    }

    /**
     * The records for {@code domain} (as {@code FEDERATION_Domain} holds it: a leading {@code @},
     * upper case and a trailing dot are accepted), served at {@code siteUrl}, with the public key
     * in any PEM layout (published as single-line PEM).
     *
     * @throws DnsRecordsException when the domain, the URL or the key is unusable
     */
    public static DnsRecords of(String domain, URI siteUrl, String publicKeyPem) {
        return new DnsRecords(FederationDomain.parse(domain), SiteAddress.of(siteUrl), singleLine(publicKeyPem));
    }

    /** As {@link #of(String, URI, String)}, with {@code Site_Url} as the setting holds it (text). */
    public static DnsRecords of(String domain, String siteUrl, String publicKeyPem) {
        return new DnsRecords(FederationDomain.parse(domain), SiteAddress.parse(siteUrl), singleLine(publicKeyPem));
    }

    public FederationDomain domain() {
        return domain;
    }

    public SiteAddress site() {
        return site;
    }

    /** The public key as published: single-line PEM, the strings of {@link #publicKeyTxt()} joined. */
    public String publicKeyPem() {
        return publicKeyPem;
    }

    /** {@code _rocketchat._https.<domain>} or {@code _rocketchat._http.<domain>}: what peers look up first. */
    public SrvRecord primarySrv() {
        return primarySrv;
    }

    /** {@code _rocketchat._tcp.<domain>}: the legacy SRV, only for providers that refuse the primary name. */
    public SrvRecord legacySrv() {
        return legacySrv;
    }

    /** {@code rocketchat-tcp-protocol.<domain>}: {@code http} or {@code https}, the protocol of the legacy SRV. */
    public TxtRecord legacyProtocolTxt() {
        return legacyProtocolTxt;
    }

    /** {@code rocketchat-public-key.<domain>}: the key, as one record of {@link #keyStrings()}. */
    public TxtRecord publicKeyTxt() {
        return publicKeyTxt;
    }

    /** The key's character-strings, each at most 255 bytes; joined they are {@link #publicKeyPem()}. */
    public List<String> keyStrings() {
        return publicKeyTxt.strings();
    }

    /** Every record in the order to publish them: primary SRV, key TXT, then the legacy pair. */
    public List<DnsRecord> all() {
        return List.of(primarySrv, publicKeyTxt, legacySrv, legacyProtocolTxt);
    }

    /** True for the records only providers that refuse the primary SRV name need. */
    public boolean isLegacy(DnsRecord record) {
        return record.equals(legacySrv) || record.equals(legacyProtocolTxt);
    }

    /** What will not work as the admin may expect, in sentences; empty when all is well. */
    public List<String> warnings() {
        return warnings;
    }

    /** The {@code dig} commands that check each record, in the order of {@link #all()}. */
    public List<String> digCommands(Optional<DnsServerAddress> dnsServer) {
        return all().stream().map(r -> r.digCommand(dnsServer)).toList();
    }

    /** The whole explanation: warnings, zone-file lines, the key for a provider's text box, the dig checks. */
    public String render(Optional<DnsServerAddress> dnsServer) {
        return DnsRecordsText.render(this, dnsServer);
    }

    public String render() {
        return render(Optional.empty());
    }

    private static String singleLine(String publicKeyPem) {
        try {
            return Pem.writePublic(Pem.readPublic(publicKeyPem));
        } catch (InvalidKeyTextException e) {
            throw new DnsRecordsException(DnsRecordsException.Input.PUBLIC_KEY, "the public key is not usable: " + e.getMessage());
        }
    }

    /** Cuts the PEM (ASCII, so one byte a character) into as few strings of at most 255 bytes as possible. */
    private static List<String> split(String pem) {
        List<String> strings = new ArrayList<>();
        for (int i = 0; i < pem.length(); i += TxtRecord.MAX_STRING_BYTES) {
            strings.add(pem.substring(i, Math.min(pem.length(), i + TxtRecord.MAX_STRING_BYTES)));
        }
        return strings;
    }

    private static List<String> warningsFor(SiteAddress site) {
        List<String> warnings = new ArrayList<>();
        if (!site.path().isEmpty()) {
            warnings.add("Site_Url has the path " + site.path() + ", which DNS discovery cannot carry: peers call "
                    + site.federationUrl() + " without it (federation-protocol.md §4.1 step 8). To federate, serve "
                    + "fedchat at the root of a host name.");
        }
        if (site.hostIsLoopback()) {
            warnings.add("Site_Url points at " + site.host() + ", which only this machine can reach: set Site_Url "
                    + "(or ROOT_URL) to the address peers use before publishing these records.");
        } else if (site.hostIsAddress()) {
            warnings.add("Site_Url's host " + site.host() + " is an IP address, but an SRV target must be a host "
                    + "name (RFC 2782): many DNS providers refuse the record and peers that resolve the target fail. "
                    + "Give the server a host name and use it in Site_Url.");
        }
        return warnings;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DnsRecords other && domain.equals(other.domain) && site.equals(other.site)
                && publicKeyPem.equals(other.publicKeyPem);
    }

    @Override
    public int hashCode() {
        return Objects.hash(domain, site, publicKeyPem);
    }

    @Override
    public String toString() {
        return "DnsRecords[" + domain + " -> " + site.federationUrl() + "]";
    }
}
