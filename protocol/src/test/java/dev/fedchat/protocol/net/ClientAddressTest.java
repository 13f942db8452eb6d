package dev.fedchat.protocol.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientAddressTest {

    @Test
    void anIpv6ClientIsItsSlash64_bracketedOrNot() {
        assertThat(ClientAddress.of("2001:db8:1:2::1")).isEqualTo("2001:db8:1:2::/64");
        assertThat(ClientAddress.of("[2001:db8:1:2:aaaa:bbbb:cccc:dddd]")).isEqualTo("2001:db8:1:2::/64");
        assertThat(ClientAddress.of("2001:db8:1:3::1")).isEqualTo("2001:db8:1:3::/64");
    }

    @Test
    void anIpv4Client_alsoWrittenAsIpv6_isItsAddress() {
        assertThat(ClientAddress.of("::ffff:192.0.2.7")).isEqualTo("192.0.2.7");
        assertThat(ClientAddress.of("192.0.2.7")).isEqualTo("192.0.2.7");
    }
}
