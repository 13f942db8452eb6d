package dev.fedchat.server.api.rest;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code federation.publicKey} (public, for peers' diagnostics) and {@code federation.dnsRecords}
 * (admins: what to publish in DNS), on a server whose domain is {@code example.org} and whose
 * Site_Url is {@code https://chat.example.org}.
 */
class FederationApiTest {
    private static TestServer server;
    private static ApiClient admin;
    private static ApiClient user;

    @BeforeAll
    static void start() {
        server = TestServer.start(c -> c.withSiteUrl("https://chat.example.org")
                .withSettingOverrides(Map.of("FEDERATION_Domain", "example.org")));
        admin = server.admin();
        user = server.newUser("plain");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void publicKey_needsNoLogin_andIsTheKeyTheServerHolds() {
        JsonNode body = server.client().get("/api/v1/federation.publicKey").expectOk();

        assertThat(body.path("domain").asText()).isEqualTo("example.org");
        assertThat(body.path("publicKey").asText()).isEqualTo(server.server().keys().publicPem())
                .startsWith("-----BEGIN PUBLIC KEY-----").doesNotContain("\n");
    }

    @Test
    void dnsRecords_areForAdminsOnly() {
        server.client().get("/api/v1/federation.dnsRecords").expectError(401);
        user.get("/api/v1/federation.dnsRecords").expectError(403);
    }

    @Test
    void dnsRecords_listEachRecordWithItsZoneLine_andTheText() {
        JsonNode body = admin.get("/api/v1/federation.dnsRecords").expectOk();
        String key = server.server().keys().publicPem();

        assertThat(body.path("domain").asText()).isEqualTo("example.org");
        assertThat(body.path("federationUrl").asText()).isEqualTo("https://chat.example.org:443");
        JsonNode records = body.path("records");
        assertThat(records).hasSize(4);
        JsonNode srv = records.get(0);
        assertThat(srv.path("name").asText()).isEqualTo("_rocketchat._https.example.org");
        assertThat(srv.path("type").asText()).isEqualTo("SRV");
        assertThat(srv.path("ttl").asInt()).isEqualTo(300);
        assertThat(srv.path("port").asInt()).isEqualTo(443);
        assertThat(srv.path("target").asText()).isEqualTo("chat.example.org.");
        assertThat(srv.path("zoneLine").asText()).isEqualTo("_rocketchat._https.example.org. 300 IN SRV 1 1 443 chat.example.org.");
        assertThat(srv.path("legacy").asBoolean()).isFalse();

        JsonNode txt = records.get(1);
        assertThat(txt.path("name").asText()).isEqualTo("rocketchat-public-key.example.org");
        List<String> strings = new ArrayList<>();
        txt.path("values").forEach(s -> strings.add(s.asText()));
        assertThat(strings).allSatisfy(s -> assertThat(s.length()).isLessThanOrEqualTo(255));
        assertThat(String.join("", strings)).isEqualTo(key);
        assertThat(txt.path("zoneLine").asText()).startsWith("rocketchat-public-key.example.org. 300 IN TXT \"-----BEGIN");

        assertThat(records.get(2).path("zoneLine").asText()).isEqualTo("_rocketchat._tcp.example.org. 300 IN SRV 1 1 443 chat.example.org.");
        assertThat(records.get(3).path("zoneLine").asText()).isEqualTo("rocketchat-tcp-protocol.example.org. 300 IN TXT \"https\"");
        assertThat(records.get(2).path("legacy").asBoolean()).isTrue();
        assertThat(records.get(3).path("legacy").asBoolean()).isTrue();

        assertThat(body.path("warnings")).isEmpty();
        assertThat(body.path("text").asText()).contains(srv.path("zoneLine").asText()).contains("#14831")
                .contains("dig +short TXT rocketchat-public-key.example.org");
    }

    @Test
    void dnsRecords_withADnsServer_printDigCommandsThatAskIt_andRefuseAMalformedOne() {
        String text = admin.get("/api/v1/federation.dnsRecords?dnsServer=127.0.0.1:5353").expectOk().path("text").asText();
        assertThat(text).contains("dig -p 5353 @127.0.0.1 +short SRV _rocketchat._https.example.org");

        assertThat(admin.get("/api/v1/federation.dnsRecords?dnsServer=127.0.0.1:dns").expectErrorType("invalid-params")
                .path("error").asText()).contains("host:port");
    }

    @Test
    void dnsRecords_warnAboutAPathInSiteUrl() {
        try {
            admin.post("/api/v1/settings/Site_Url", obj("value", "https://chat.example.org/chat")).expectOk();

            JsonNode body = admin.get("/api/v1/federation.dnsRecords").expectOk();

            assertThat(body.path("warnings").get(0).asText()).contains("/chat");
            assertThat(body.path("text").asText()).contains("WARNING");
        } finally {
            admin.post("/api/v1/settings/Site_Url", obj("value", "https://chat.example.org")).expectOk();
        }
    }

    @Test
    void dnsRecords_withoutADomain_sayWhatToSet() {
        try {
            admin.post("/api/v1/settings/FEDERATION_Domain", obj("value", "")).expectOk();

            JsonNode body = admin.get("/api/v1/federation.dnsRecords").expectErrorType("error-invalid-federation-domain");

            assertThat(body.path("error").asText()).contains("FEDERATION_Domain is empty");
            assertThat(server.client().get("/api/v1/federation.publicKey").expectOk().path("domain").asText()).isEmpty();
        } finally {
            admin.post("/api/v1/settings/FEDERATION_Domain", obj("value", "example.org")).expectOk();
        }
    }

    @Test
    void dnsRecords_withASiteUrlThatIsNotHttp_sayWhy() {
        try {
            admin.post("/api/v1/settings/Site_Url", obj("value", "ftp://chat.example.org")).expectOk();

            JsonNode body = admin.get("/api/v1/federation.dnsRecords").expectErrorType("error-invalid-site-url");

            assertThat(body.path("error").asText()).contains("https:// or http://");
        } finally {
            admin.post("/api/v1/settings/Site_Url", obj("value", "https://chat.example.org")).expectOk();
        }
    }
}
