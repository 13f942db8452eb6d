package dev.fedchat.protocol.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code --dns-server host:port} as operators write it. */
class DnsServerAddressTest {

    @Test
    void hostPort_bareHost_andBracketedIpv6_areRead() {
        assertThat(DnsServerAddress.parse("127.0.0.1:5353")).isEqualTo(new DnsServerAddress("127.0.0.1", 5353));
        assertThat(DnsServerAddress.parse(" ns1.example.org ")).isEqualTo(new DnsServerAddress("ns1.example.org", 53));
        assertThat(DnsServerAddress.parse("[::1]:5353")).isEqualTo(new DnsServerAddress("::1", 5353));
        assertThat(DnsServerAddress.parse("::1")).isEqualTo(new DnsServerAddress("::1", 53));
        assertThat(DnsServerAddress.parse("[::1]:5353")).hasToString("[::1]:5353");
    }
}
