package dev.fedchat.protocol.discovery;

import java.util.Optional;

/**
 * The text an admin reads to publish {@link DnsRecords}: the seed document's walk-through
 * (shared/spec/seed-rocketchat-federation.md, "Configure your DNS"), generated for this server.
 * Stateless.
 */
final class DnsRecordsText {
    private DnsRecordsText() {}

    static String render(DnsRecords records, Optional<DnsServerAddress> dnsServer) {
        StringBuilder out = new StringBuilder();
        SiteAddress site = records.site();
        out.append("DNS records for FEDERATION_Domain ").append(records.domain())
                .append(", served at ").append(site.federationUrl()).append('\n');
        out.append("The names are under the federation domain, not under the chat host.\n");
        for (String warning : records.warnings()) {
            out.append("\nWARNING: ").append(warning).append('\n');
        }

        out.append("\nZone file (BIND syntax, absolute names):\n\n");
        out.append("; Peers look this SRV record up first.\n");
        out.append(records.primarySrv().zoneLine()).append('\n');
        out.append("; The public key: ONE TXT record of ").append(records.keyStrings().size())
                .append(" strings, which resolvers join with nothing in between.\n");
        out.append(records.publicKeyTxt().zoneLine()).append('\n');
        out.append("; Legacy pair, only for DNS providers that refuse the name ")
                .append("_rocketchat._").append(site.scheme()).append(".\n");
        if (site.scheme().equals("http")) {
            out.append("; Rocket.Chat peers never read rocketchat-tcp-protocol (federation-protocol.md §4.1 step 4) and\n")
                    .append("; use https for _tcp: for them an http server needs the _http record above.\n");
        }
        out.append(records.legacySrv().zoneLine()).append('\n');
        out.append(records.legacyProtocolTxt().zoneLine()).append('\n');

        out.append("\nThe public key in a provider's web form: name ").append(records.publicKeyTxt().name())
                .append(", type TXT, and as the value\n")
                .append("the ").append(count(records.keyStrings().size()))
                .append("-string form some providers need (AWS Route 53, for one):\n\n");
        out.append(records.publicKeyTxt().value()).append("\n\n");
        out.append("Enter it as ONE record. Splitting the key across several TXT records is the classic mistake\n")
                .append("(Rocket.Chat issue #14831): peers read only the first record, and half a key is no key.\n")
                .append("Providers that split long values themselves take the key as one unquoted line\n")
                .append("(the setting FEDERATION_Public_Key). Forms that want names relative to the zone take\n")
                .append("the names above without the zone (e.g. rocketchat-public-key when the zone is ")
                .append(records.domain()).append(").\n");

        out.append("\nCheck: each command must print the line below it. Resolvers keep an old answer up to its TTL\n")
                .append("(").append(DnsRecords.TTL_SECONDS).append(" s here); Rocket.Chat peers keep answers for an hour.\n\n");
        for (DnsRecord record : records.all()) {
            out.append(record.digCommand(dnsServer)).append('\n');
            out.append("    ").append(record.value()).append('\n');
        }
        return out.toString();
    }

    private static String count(int strings) {
        return switch (strings) {
            case 1 -> "one";
            case 2 -> "two";
            case 3 -> "three";
            default -> String.valueOf(strings);
        };
    }
}
