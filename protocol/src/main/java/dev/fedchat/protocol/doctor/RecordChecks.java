package dev.fedchat.protocol.doctor;

import dev.fedchat.protocol.discovery.DnsRecords;
import java.util.List;

/**
 * Every record a domain should publish, each looked up ({@link SetupDoctor#lookUp}), in the order
 * of {@code DnsRecords.all()}.
 *
 * @param resolver which DNS server answered, for messages
 */
public record RecordChecks(String domain, String resolver, List<RecordCheck> records) {
    public RecordChecks {
        records = List.copyOf(records);
    }

    /** The records with nothing looked up, each saying why: for a server that asks no DNS. */
    public static RecordChecks notAsked(DnsRecords records, String why) {
        return new RecordChecks(records.domain().name(), "no DNS server", records.all().stream()
                .map(r -> new RecordCheck(r, records.isLegacy(r), RecordCheck.State.NOT_ASKED, "not looked up: " + why, List.of()))
                .toList());
    }

    /** True when every record peers need is published as expected; the optional legacy pair may be absent. */
    public boolean ready() {
        return records.stream().allMatch(r -> r.published() || (r.optional() && r.state() == RecordCheck.State.MISSING));
    }
}
