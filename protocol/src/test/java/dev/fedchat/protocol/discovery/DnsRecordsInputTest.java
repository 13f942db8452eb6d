package dev.fedchat.protocol.discovery;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fedchat.protocol.Vectors;
import dev.fedchat.protocol.discovery.DnsRecordsException.Input;
import java.net.URI;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** Inputs the records cannot be made from: each is refused with the input named and a reason. */
class DnsRecordsInputTest {
    private static final String KEY = Vectors.text("senderKeys", "publicPem");
    private static final String SITE = "https://chat.example.org";

    @Test
    void anEmptyDomain_isRefused() {
        refused(() -> DnsRecords.of("", SITE, KEY), Input.DOMAIN).hasMessageContaining("FEDERATION_Domain is empty");
        refused(() -> DnsRecords.of("  ", SITE, KEY), Input.DOMAIN);
        refused(() -> DnsRecords.of((String) null, SITE, KEY), Input.DOMAIN);
    }

    @Test
    void aDomainThatIsNotADnsName_isRefusedWithTheReason() {
        refused(() -> DnsRecords.of("https://example.org", SITE, KEY), Input.DOMAIN).hasMessageContaining("it is a URL");
        refused(() -> DnsRecords.of("example.org:3000", SITE, KEY), Input.DOMAIN).hasMessageContaining("has a port");
        refused(() -> DnsRecords.of("alice@example.org", SITE, KEY), Input.DOMAIN).hasMessageContaining("'@'");
        refused(() -> DnsRecords.of("example..org", SITE, KEY), Input.DOMAIN).hasMessageContaining("empty label");
        refused(() -> DnsRecords.of("my_server.example.org", SITE, KEY), Input.DOMAIN).hasMessageContaining("'my_server'");
        refused(() -> DnsRecords.of("-bad.example.org", SITE, KEY), Input.DOMAIN).hasMessageContaining("'-bad'");
        refused(() -> DnsRecords.of("192.0.2.1", SITE, KEY), Input.DOMAIN).hasMessageContaining("IP address");
        refused(() -> DnsRecords.of("a".repeat(64) + ".org", SITE, KEY), Input.DOMAIN).hasMessageContaining("longer than 63");
        String tooLong = ("a".repeat(60) + ".").repeat(4) + "org";
        refused(() -> DnsRecords.of(tooLong, SITE, KEY), Input.DOMAIN).hasMessageContaining("at most " + FederationDomain.MAX_LENGTH);
    }

    @Test
    void aSiteUrlThatIsNotHttpWithAHost_isRefused() {
        refused(() -> DnsRecords.of("example.org", "ftp://chat.example.org", KEY), Input.SITE_URL)
                .hasMessageContaining("'ftp://chat.example.org'").hasMessageContaining("https:// or http://");
        refused(() -> DnsRecords.of("example.org", "chat.example.org", KEY), Input.SITE_URL).hasMessageContaining("https:// or http://");
        refused(() -> DnsRecords.of("example.org", "https:///path", KEY), Input.SITE_URL).hasMessageContaining("no valid host");
        refused(() -> DnsRecords.of("example.org", "https://my_host.example.org", KEY), Input.SITE_URL).hasMessageContaining("no valid host");
        refused(() -> DnsRecords.of("example.org", "https://chat example", KEY), Input.SITE_URL).hasMessageContaining("not a URL");
        refused(() -> DnsRecords.of("example.org", "", KEY), Input.SITE_URL).hasMessageContaining("empty");
        refused(() -> DnsRecords.of("example.org", (URI) null, KEY), Input.SITE_URL);
    }

    @Test
    void aKeyThatIsNotAnRsaPublicKey_isRefused() {
        refused(() -> DnsRecords.of("example.org", SITE, ""), Input.PUBLIC_KEY).hasMessageContaining("public key is not usable");
        refused(() -> DnsRecords.of("example.org", SITE, Vectors.text("senderKeys", "privatePem")), Input.PUBLIC_KEY);
        refused(() -> DnsRecords.of("example.org", SITE, KEY.substring(0, 100)), Input.PUBLIC_KEY);
    }

    @Test
    void aDnsServerThatIsNotHostPort_isRefused() {
        refused(() -> DnsServerAddress.parse("127.0.0.1:dns"), Input.DNS_SERVER).hasMessageContaining("'dns' is not a number");
        refused(() -> DnsServerAddress.parse(":5353"), Input.DNS_SERVER).hasMessageContaining("no host");
        refused(() -> DnsServerAddress.parse("127.0.0.1:70000"), Input.DNS_SERVER).hasMessageContaining("between 1 and 65535");
        refused(() -> DnsServerAddress.parse("[::1"), Input.DNS_SERVER).hasMessageContaining("closing ]");
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> refused(
            org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Input input) {
        return assertThatThrownBy(call).isInstanceOfSatisfying(DnsRecordsException.class,
                e -> org.assertj.core.api.Assertions.assertThat(e.input()).isEqualTo(input));
    }
}
