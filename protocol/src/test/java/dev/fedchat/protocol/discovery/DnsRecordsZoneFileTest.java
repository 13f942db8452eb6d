package dev.fedchat.protocol.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedchat.protocol.Vectors;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Master;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TXTRecord;

/**
 * The zone text we print is a zone file a real parser reads back to the same records: dnsjava's
 * {@link Master}, the parser of the library the resolver uses.
 */
class DnsRecordsZoneFileTest {
    private static final String KEY = Vectors.text("senderKeys", "publicPem");

    @Test
    void zoneLines_parseBackToTheSameRecords() throws IOException {
        DnsRecords records = DnsRecords.of("example.org", "https://chat.example.org:8443", KEY);
        StringBuilder zone = new StringBuilder();
        records.all().forEach(r -> zone.append(r.zoneLine()).append('\n'));

        List<Record> parsed = parse(zone.toString());

        assertThat(parsed).hasSize(4);
        SRVRecord srv = (SRVRecord) parsed.get(0);
        assertThat(srv.getName().toString()).isEqualTo("_rocketchat._https.example.org.");
        assertThat(srv.getTTL()).isEqualTo(DnsRecords.TTL_SECONDS);
        assertThat(srv.getPriority()).isEqualTo(1);
        assertThat(srv.getWeight()).isEqualTo(1);
        assertThat(srv.getPort()).isEqualTo(8443);
        assertThat(srv.getTarget().toString()).isEqualTo("chat.example.org.");
        TXTRecord key = (TXTRecord) parsed.get(1);
        assertThat(key.getName().toString()).isEqualTo("rocketchat-public-key.example.org.");
        assertThat(key.getStrings()).containsExactlyElementsOf(records.keyStrings());
        assertThat(String.join("", key.getStrings())).isEqualTo(KEY);
        assertThat(((TXTRecord) parsed.get(3)).getStrings()).containsExactly("https");
    }

    @Test
    void theZoneSectionOfTheText_withItsComments_isAZoneFile() throws IOException {
        DnsRecords records = DnsRecords.of("example.org", "http://chat.example.org", KEY);
        String text = records.render();
        int start = text.indexOf("\n\n", text.indexOf("Zone file")) + 2;
        String section = text.substring(start, text.indexOf("\n\n", start) + 1);

        List<Record> parsed = parse(section);

        assertThat(parsed).extracting(r -> r.getName().toString()).containsExactly(
                "_rocketchat._http.example.org.", "rocketchat-public-key.example.org.",
                "_rocketchat._tcp.example.org.", "rocketchat-tcp-protocol.example.org.");
    }

    private static List<Record> parse(String zone) throws IOException {
        List<Record> records = new ArrayList<>();
        try (Master master = new Master(new ByteArrayInputStream(zone.getBytes(StandardCharsets.US_ASCII)))) {
            for (Record r = master.nextRecord(); r != null; r = master.nextRecord()) {
                records.add(r);
            }
        }
        return records;
    }
}
