package dev.fedchat.protocol.doctor;

import dev.fedchat.protocol.crypto.InvalidKeyTextException;
import dev.fedchat.protocol.crypto.KeyFingerprint;
import dev.fedchat.protocol.discovery.DnsAnswer;
import dev.fedchat.protocol.discovery.DnsLookup;
import dev.fedchat.protocol.discovery.DnsRecord;
import dev.fedchat.protocol.discovery.DnsRecords;
import dev.fedchat.protocol.discovery.SrvRecord;
import dev.fedchat.protocol.discovery.TxtRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * Looks up each record of {@link DnsRecords#all()} and compares the answer with the record, one
 * verdict per record: the live check marks of the admin's record list. Where {@link SetupDoctor}
 * follows a peer's path (and stops at the first SRV that answers), this asks every name, legacy
 * ones included, so the admin sees which line of the zone is missing or stale.
 *
 * <p>Each call asks DNS again (no cache). Thread-safe.
 */
final class PublishedRecords {
    private final DnsLookup dns;

    PublishedRecords(DnsLookup dns) {
        this.dns = dns;
    }

    List<RecordCheck> check(DnsRecords records) {
        List<RecordCheck> checks = new ArrayList<>();
        for (DnsRecord record : records.all()) {
            boolean optional = records.isLegacy(record);
            checks.add(record instanceof SrvRecord srv ? srv(srv, optional)
                    : txt((TxtRecord) record, optional, record.equals(records.publicKeyTxt())));
        }
        return checks;
    }

    private RecordCheck srv(SrvRecord want, boolean optional) {
        DnsAnswer<SrvRecord> answer = dns.srv(want.name());
        if (!(answer instanceof DnsAnswer.Found<SrvRecord> found)) {
            return absent(want, optional, answer);
        }
        List<String> values = found.records().stream().map(SrvRecord::value).toList();
        List<String> wrong = new ArrayList<>();
        for (SrvRecord got : found.records()) {
            if (!got.host().equalsIgnoreCase(want.host())) {
                wrong.add("target " + (got.host().isEmpty() ? "\".\" (service not offered)" : got.host())
                        + " instead of " + want.host());
            } else if (got.port() != want.port()) {
                wrong.add("port " + got.port() + " instead of " + want.port());
            }
        }
        if (wrong.isEmpty()) {
            return new RecordCheck(want, optional, RecordCheck.State.PUBLISHED, want.name() + " → " + String.join(", ", values), values);
        }
        return new RecordCheck(want, optional, RecordCheck.State.DIFFERENT, want.name() + " → " + String.join(", ", values)
                + ": " + String.join("; ", wrong), values);
    }

    private RecordCheck txt(TxtRecord want, boolean optional, boolean isKey) {
        DnsAnswer<TxtRecord> answer = dns.txt(want.name());
        if (!(answer instanceof DnsAnswer.Found<TxtRecord> found)) {
            return absent(want, optional, answer);
        }
        List<TxtRecord> got = found.records();
        List<String> values = got.stream().map(TxtRecord::value).toList();
        if (got.size() > 1) {
            return different(want, optional, want.name() + " has " + got.size() + " TXT records where one is expected; "
                    + "peers read only one of them (Rocket.Chat issue #14831)", values);
        }
        String text = got.get(0).text();
        if (!isKey) {
            return text.strip().equalsIgnoreCase(want.text())
                    ? new RecordCheck(want, optional, RecordCheck.State.PUBLISHED, want.name() + " says \"" + want.text() + "\"", values)
                    : different(want, optional, want.name() + " says \"" + text + "\" instead of \"" + want.text() + "\"", values);
        }
        String ours = KeyFingerprint.of(want.text());
        String theirs;
        try {
            theirs = KeyFingerprint.of(text);
        } catch (InvalidKeyTextException e) {
            return different(want, optional, want.name() + " is not an RSA public key: " + e.getMessage(), values);
        }
        return theirs.equals(ours)
                ? new RecordCheck(want, optional, RecordCheck.State.PUBLISHED, want.name() + " holds this server's key (" + ours + ")", values)
                : different(want, optional, want.name() + " holds another key (" + theirs + ") than this server's (" + ours
                + "); peers would encrypt for a key nobody here holds", values);
    }

    private static RecordCheck different(DnsRecord want, boolean optional, String detail, List<String> values) {
        return new RecordCheck(want, optional, RecordCheck.State.DIFFERENT, detail, values);
    }

    private RecordCheck absent(DnsRecord want, boolean optional, DnsAnswer<?> answer) {
        if (answer instanceof DnsAnswer.Failed<?> failed) {
            return new RecordCheck(want, optional, RecordCheck.State.FAILED, want.name() + ": the lookup failed ("
                    + failed.reason() + ") asking " + dns.describe(), List.of());
        }
        String why = ((DnsAnswer.Missing<?>) answer).describe();
        return new RecordCheck(want, optional, RecordCheck.State.MISSING, want.name() + ": " + why
                + (optional ? " (optional: the legacy pair is only needed where a DNS provider refuses _https/_http SRV names)"
                : ""), List.of());
    }
}
