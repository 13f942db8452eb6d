package dev.fedchat.protocol.doctor;

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

    /** True when every record peers need is published as expected; the optional legacy pair may be absent. */
    public boolean ready() {
        return records.stream().allMatch(r -> r.published() || (r.optional() && r.state() == RecordCheck.State.MISSING));
    }
}
