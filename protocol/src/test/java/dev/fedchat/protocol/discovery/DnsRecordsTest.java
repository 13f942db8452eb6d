package dev.fedchat.protocol.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedchat.protocol.Vectors;
import dev.fedchat.protocol.crypto.Pem;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The records a server publishes (federation-protocol.md §4), as zone-file lines and as text for an admin. */
class DnsRecordsTest {
    private static final String KEY = Vectors.text("senderKeys", "publicPem");

    @Test
    void httpsSite_givesTheHttpsSrv_theKeyTxt_andTheLegacyPair_underTheFederationDomain() {
        DnsRecords records = DnsRecords.of("example.org", URI.create("https://chat.example.org"), KEY);

        assertThat(records.primarySrv().zoneLine()).isEqualTo("_rocketchat._https.example.org. 300 IN SRV 1 1 443 chat.example.org.");
        assertThat(records.legacySrv().zoneLine()).isEqualTo("_rocketchat._tcp.example.org. 300 IN SRV 1 1 443 chat.example.org.");
        assertThat(records.legacyProtocolTxt().zoneLine()).isEqualTo("rocketchat-tcp-protocol.example.org. 300 IN TXT \"https\"");
        assertThat(records.publicKeyTxt().zoneLine()).isEqualTo("rocketchat-public-key.example.org. 300 IN TXT \""
                + KEY.substring(0, 255) + "\" \"" + KEY.substring(255) + "\"");
        assertThat(records.primarySrv().name()).isEqualTo("_rocketchat._https.example.org");
        assertThat(records.primarySrv().target()).isEqualTo("chat.example.org.");
        assertThat(records.all()).containsExactly(records.primarySrv(), records.publicKeyTxt(), records.legacySrv(),
                records.legacyProtocolTxt());
        assertThat(records.all()).allSatisfy(r -> assertThat(r.ttl()).isEqualTo(DnsRecords.TTL_SECONDS));
        assertThat(records.isLegacy(records.legacySrv())).isTrue();
        assertThat(records.isLegacy(records.primarySrv())).isFalse();
        assertThat(records.warnings()).isEmpty();
    }

    @Test
    void httpSiteWithAPort_givesTheHttpSrvOnThatPort_andHttpInTheLegacyTxt() {
        DnsRecords records = DnsRecords.of("example.org", "http://chat.example.org:3000", KEY);

        assertThat(records.primarySrv().zoneLine()).isEqualTo("_rocketchat._http.example.org. 300 IN SRV 1 1 3000 chat.example.org.");
        assertThat(records.legacySrv().zoneLine()).isEqualTo("_rocketchat._tcp.example.org. 300 IN SRV 1 1 3000 chat.example.org.");
        assertThat(records.legacyProtocolTxt().zoneLine()).isEqualTo("rocketchat-tcp-protocol.example.org. 300 IN TXT \"http\"");
        assertThat(records.site().federationUrl()).isEqualTo("http://chat.example.org:3000");
    }

    @Test
    void portsDefaultToTheScheme_andAnExplicitPortWins() {
        assertThat(DnsRecords.of("example.org", "https://chat.example.org/", KEY).primarySrv().port()).isEqualTo(443);
        assertThat(DnsRecords.of("example.org", "http://chat.example.org", KEY).primarySrv().port()).isEqualTo(80);
        assertThat(DnsRecords.of("example.org", "https://chat.example.org:8443", KEY).primarySrv().port()).isEqualTo(8443);
        assertThat(DnsRecords.of("example.org", "HTTPS://Chat.Example.ORG.", KEY).primarySrv().value())
                .isEqualTo("1 1 443 chat.example.org.");
    }

    @Test
    void theKey_isOneRecordOfStringsOfAtMost255Bytes_thatJoinToTheSingleLinePem() {
        DnsRecords records = DnsRecords.of("example.org", "https://example.org", KEY);

        assertThat(records.keyStrings()).hasSize(2);
        assertThat(records.keyStrings()).allSatisfy(s ->
                assertThat(s.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(TxtRecord.MAX_STRING_BYTES));
        assertThat(String.join("", records.keyStrings())).isEqualTo(KEY).isEqualTo(records.publicKeyTxt().text());
        assertThat(records.publicKeyTxt().value()).isEqualTo("\"" + records.keyStrings().get(0) + "\" \""
                + records.keyStrings().get(1) + "\"");
    }

    @Test
    void aBiggerKey_takesMoreStrings_stillOneRecord() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(3072);
        String pem = Pem.writePublic(generator.generateKeyPair().getPublic());

        DnsRecords records = DnsRecords.of("example.org", "https://example.org", pem);

        assertThat(pem).hasSizeBetween(511, 765);
        assertThat(records.keyStrings()).hasSize(3).allSatisfy(s -> assertThat(s.length()).isLessThanOrEqualTo(255));
        assertThat(String.join("", records.keyStrings())).isEqualTo(pem);
        assertThat(records.render()).contains("the three-string form");
    }

    @Test
    void aKeyWithLineBreaks_isPublishedAsSingleLinePem() {
        String body = KEY.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "");
        String wrapped = "-----BEGIN PUBLIC KEY-----\n" + body.replaceAll("(.{64})", "$1\n") + "\n-----END PUBLIC KEY-----\n";

        DnsRecords records = DnsRecords.of("example.org", "https://example.org", wrapped);

        assertThat(records.publicKeyPem()).isEqualTo(KEY);
        assertThat(records).isEqualTo(DnsRecords.of("example.org", "https://example.org", KEY));
    }

    @Test
    void aPathInSiteUrl_isWarnedAbout_becauseDiscoveryCannotCarryIt() {
        DnsRecords records = DnsRecords.of("example.org", "https://chat.example.org/chat", KEY);

        assertThat(records.warnings()).singleElement().asString()
                .contains("/chat").contains("https://chat.example.org:443").contains("§4.1 step 8");
        assertThat(records.render()).contains("WARNING: Site_Url has the path /chat");
        assertThat(DnsRecords.of("example.org", "https://chat.example.org/", KEY).warnings()).isEmpty();
    }

    @Test
    void aLoopbackOrAddressHost_isWarnedAbout() {
        assertThat(DnsRecords.of("example.org", "http://localhost:3000", KEY).warnings()).singleElement().asString()
                .contains("only this machine");
        assertThat(DnsRecords.of("example.org", "http://127.0.0.1:3000", KEY).warnings()).singleElement().asString()
                .contains("only this machine");
        assertThat(DnsRecords.of("example.org", "https://192.0.2.10", KEY).warnings()).singleElement().asString()
                .contains("RFC 2782");
    }

    @Test
    void render_givesZoneLines_theProviderForm_theOneRecordRule_andTheDigChecks() {
        DnsRecords records = DnsRecords.of("example.org", "https://chat.example.org", KEY);

        String text = records.render();

        for (DnsRecord r : records.all()) {
            assertThat(text).contains("\n" + r.zoneLine() + "\n");
        }
        assertThat(text).contains("the two-string form").contains("\n" + records.publicKeyTxt().value() + "\n")
                .contains("ONE record").contains("#14831");
        assertThat(text).contains("dig +short SRV _rocketchat._https.example.org\n    1 1 443 chat.example.org.\n")
                .contains("dig +short TXT rocketchat-public-key.example.org\n    " + records.publicKeyTxt().value() + "\n")
                .contains("dig +short SRV _rocketchat._tcp.example.org\n")
                .contains("dig +short TXT rocketchat-tcp-protocol.example.org\n    \"https\"\n");
        assertThat(text).doesNotContain("$").doesNotContain("WARNING");
    }

    @Test
    void render_forAnHttpSite_saysRocketChatPeersIgnoreTheLegacyProtocolTxt() {
        assertThat(DnsRecords.of("example.org", "http://chat.example.org", KEY).render()).contains("never read rocketchat-tcp-protocol");
        assertThat(DnsRecords.of("example.org", "https://chat.example.org", KEY).render()).doesNotContain("never read");
    }

    @Test
    void withADnsServer_theDigCommandsAskIt() {
        DnsRecords records = DnsRecords.of("example.org", "https://chat.example.org", KEY);

        assertThat(records.digCommands(Optional.of(DnsServerAddress.parse("127.0.0.1:5353")))).containsExactly(
                "dig -p 5353 @127.0.0.1 +short SRV _rocketchat._https.example.org",
                "dig -p 5353 @127.0.0.1 +short TXT rocketchat-public-key.example.org",
                "dig -p 5353 @127.0.0.1 +short SRV _rocketchat._tcp.example.org",
                "dig -p 5353 @127.0.0.1 +short TXT rocketchat-tcp-protocol.example.org");
        assertThat(records.render(Optional.of(DnsServerAddress.parse("ns1.example.org"))))
                .contains("dig @ns1.example.org +short SRV _rocketchat._https.example.org");
    }

    @Test
    void theDomain_isTakenAsFederationDomainHoldsIt() {
        assertThat(DnsRecords.of("@Example.ORG.", "https://example.org", KEY).primarySrv().name())
                .isEqualTo("_rocketchat._https.example.org");
        assertThat(DnsRecords.of("bücher.example", "https://example.org", KEY).domain().name())
                .isEqualTo("xn--bcher-kva.example");
    }
}
