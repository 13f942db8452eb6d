package dev.fedchat.protocol.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedchat.protocol.testing.Dnsmasq;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The DNS layer against a real dnsmasq: what each kind of answer turns into. */
class DnsjavaLookupTest {
    private static final String LONG = "x".repeat(300);
    private static Dnsmasq dns;
    private static DnsjavaLookup lookup;

    @BeforeAll
    static void startDns() {
        dns = Dnsmasq.records().ttl(120)
                .address("alpha.test", "127.0.0.7")
                .srv("_rocketchat._https.alpha.test", "chat.alpha.test", 8443, 1, 5)
                .txt("strings.alpha.test", "one", "two", "three")
                .txt("long.alpha.test", LONG)
                .start();
        lookup = DnsjavaLookup.at(dns.server(), Duration.ofSeconds(2));
    }

    @AfterAll
    static void stopDns() {
        dns.close();
    }

    @Test
    void srvRecordsComeWithTargetWithoutTheTrailingDotAndTheirTtl() {
        DnsAnswer<SrvRecord> answer = lookup.srv("_rocketchat._https.alpha.test");
        assertThat(answer).isEqualTo(new DnsAnswer.Found<>(List.of(new SrvRecord("_rocketchat._https.alpha.test", 120, 1, 5, 8443, "chat.alpha.test.")), 120));
    }

    @Test
    void txtRecordsKeepTheirCharacterStrings() {
        DnsAnswer<TxtRecord> answer = lookup.txt("strings.alpha.test");
        assertThat(answer).isInstanceOfSatisfying(DnsAnswer.Found.class, f -> {
            TxtRecord record = (TxtRecord) f.records().get(0);
            assertThat(record.strings()).containsExactly("one", "two", "three");
            assertThat(record.text()).isEqualTo("onetwothree");
        });
    }

    @Test
    void aStringOver255BytesArrivesSplitAndJoinsBack() {
        DnsAnswer<TxtRecord> answer = lookup.txt("long.alpha.test");
        assertThat(answer).isInstanceOfSatisfying(DnsAnswer.Found.class, f -> {
            TxtRecord record = (TxtRecord) f.records().get(0);
            assertThat(record.strings()).hasSizeGreaterThan(1).allSatisfy(s -> assertThat(s.length()).isLessThanOrEqualTo(255));
            assertThat(record.text()).isEqualTo(LONG);
        });
    }

    @Test
    void addressesOfAHost() throws Exception {
        InetAddress expected = InetAddress.getByName("127.0.0.7");
        assertThat(lookup.addresses("alpha.test")).isInstanceOfSatisfying(DnsAnswer.Found.class,
                f -> assertThat(f.records()).contains(expected));
    }

    @Test
    void anUnknownNameIsNxdomainAndAKnownNameWithoutTheTypeIsNodata() {
        assertThat(lookup.srv("_rocketchat._https.nowhere.test")).isEqualTo(new DnsAnswer.Missing<>(false));
        assertThat(lookup.txt("alpha.test")).isEqualTo(new DnsAnswer.Missing<>(true));
    }

    @Test
    void aRefusedQueryIsAFailureNotAnAbsence() {
        DnsAnswer<SrvRecord> answer = lookup.srv("_rocketchat._https.example.com");
        assertThat(answer).isInstanceOfSatisfying(DnsAnswer.Failed.class, f -> {
            assertThat(f.reason()).contains("REFUSED").contains(dns.hostPort());
            assertThat(f.timedOut()).isFalse();
        });
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            DnsjavaLookup mute = DnsjavaLookup.at(new DnsServerAddress("127.0.0.1", silent.getLocalPort()),
                    Duration.ofMillis(300));
            assertThat(mute.srv("_rocketchat._https.alpha.test")).isInstanceOfSatisfying(DnsAnswer.Failed.class, f -> {
                assertThat(f.timedOut()).isTrue();
                assertThat(f.reason()).contains("did not answer in time");
            });
        }
    }

    @Test
    void anInvalidNameIsAFailureSayingSo() {
        assertThat(lookup.txt("a..b")).isInstanceOfSatisfying(DnsAnswer.Failed.class,
                f -> assertThat(f.reason()).contains("not a valid DNS name"));
    }
}
