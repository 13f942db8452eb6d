package dev.fedchat.server.federation.discovery;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.protocol.testing.Dnsmasq;
import dev.fedchat.protocol.testing.TestKeys;
import dev.fedchat.server.testing.ApiClient;
import java.util.function.UnaryOperator;
import java.util.Map;
import dev.fedchat.server.testing.TestServer;
import dev.fedchat.server.federation.settings.FederationSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The live check marks of "Add your server to the network" ({@code GET federation.dnsRecords.check})
 * on a server whose {@code --dns-server} is a real dnsmasq: each record {@code federation.dnsRecords}
 * lists is looked up now and compared with what the server expects.
 */
class DnsRecordsCheckApiTest {
    private static final String CHECK = "/api/v1/federation.dnsRecords.check";

    private OwnDomain own;
    private ApiClient admin;
    private int port;

    @BeforeEach
    void start() {
        own = new OwnDomain();
        admin = own.admin;
        port = own.port;
    }

    @AfterEach
    void stop() {
        own.close();
    }

    /** Serves the records as the server expects them, changed by {@code edit}. */
    private void publish(UnaryOperator<Dnsmasq.Records> edit) {
        own.publish(edit.apply(Dnsmasq.records()));
    }

    private Dnsmasq.Records right(Dnsmasq.Records r) {
        return r.srv("_rocketchat._http.own.test", "localhost", port, 1, 1)
                .txt("rocketchat-public-key.own.test", TestKeys.pieces(own.key, 255));
    }

    private Dnsmasq.Records legacyPair(Dnsmasq.Records r) {
        return r.srv("_rocketchat._tcp.own.test", "localhost", port, 1, 1).txt("rocketchat-tcp-protocol.own.test", "http");
    }

    @Test
    void everyRecordPublishedAsExpected_isChecked() {
        publish(r -> legacyPair(right(r)));

        JsonNode body = admin.get(CHECK).expectOk();

        assertThat(body.path("domain").asText()).isEqualTo("own.test");
        assertThat(body.path("resolver").asText()).contains(own.dns().hostPort());
        assertThat(body.path("ready").asBoolean()).isTrue();
        JsonNode records = body.path("records");
        assertThat(records.findValuesAsText("name")).containsExactly("_rocketchat._http.own.test",
                "rocketchat-public-key.own.test", "_rocketchat._tcp.own.test", "rocketchat-tcp-protocol.own.test");
        assertThat(records).allSatisfy(r -> {
            assertThat(r.path("checked").asBoolean()).as(r.toString()).isTrue();
            assertThat(r.path("state").asText()).isEqualTo("published");
        });
        assertThat(records.path(0).path("zoneLine").asText()).isEqualTo("_rocketchat._http.own.test. 300 IN SRV 1 1 " + port + " localhost.");
        assertThat(records.path(0).path("found").path(0).asText()).isEqualTo("1 1 " + port + " localhost.");
        assertThat(records.path(1).path("detail").asText()).contains("this server's key");
    }

    @Test
    void theListIsTheOneDnsRecordsGives() {
        publish(this::right);

        JsonNode listed = admin.get("/api/v1/federation.dnsRecords").expectOk().path("records");
        JsonNode checked = admin.get(CHECK).expectOk().path("records");

        assertThat(checked.findValuesAsText("zoneLine")).isEqualTo(listed.findValuesAsText("zoneLine"));
        assertThat(checked.findValuesAsText("legacy")).isEqualTo(listed.findValuesAsText("legacy"));
    }

    @Test
    void aWrongKeyAndAMissingSrv_areUncheckedWithTheReason_andTheRestStayChecked() {
        publish(r -> legacyPair(r).txt("rocketchat-public-key.own.test",
                TestKeys.pieces(TestKeys.publicPem(TestKeys.generate()), 255)));

        JsonNode body = admin.get(CHECK).expectOk();

        assertThat(body.path("ready").asBoolean()).isFalse();
        JsonNode srv = body.path("records").path(0);
        assertThat(srv.path("checked").asBoolean()).isFalse();
        assertThat(srv.path("state").asText()).isEqualTo("missing");
        assertThat(srv.path("detail").asText()).contains("_rocketchat._http.own.test").contains("NXDOMAIN");
        assertThat(srv.path("found")).isEmpty();
        JsonNode txt = body.path("records").path(1);
        assertThat(txt.path("checked").asBoolean()).isFalse();
        assertThat(txt.path("state").asText()).isEqualTo("different");
        assertThat(txt.path("detail").asText()).contains("holds another key");
        assertThat(txt.path("found")).hasSize(1);
        assertThat(body.path("records").path(2).path("checked").asBoolean()).isTrue();
        assertThat(body.path("records").path(3).path("checked").asBoolean()).isTrue();
    }

    @Test
    void anSrvRecordWithAnotherPortOrTarget_saysWhatItFound() {
        publish(r -> r.srv("_rocketchat._http.own.test", "localhost", port + 1, 1, 1)
                .txt("rocketchat-public-key.own.test", TestKeys.pieces(own.key, 255))
                .srv("_rocketchat._tcp.own.test", "elsewhere.test", port, 1, 1)
                .txt("rocketchat-tcp-protocol.own.test", "https"));

        JsonNode records = admin.get(CHECK).expectOk().path("records");

        assertThat(records.path(0).path("state").asText()).isEqualTo("different");
        assertThat(records.path(0).path("detail").asText()).contains("port " + (port + 1) + " instead of " + port);
        assertThat(records.path(0).path("found").path(0).asText()).isEqualTo("1 1 " + (port + 1) + " localhost.");
        assertThat(records.path(1).path("checked").asBoolean()).isTrue();
        assertThat(records.path(2).path("detail").asText()).contains("target elsewhere.test instead of localhost");
        assertThat(records.path(3).path("detail").asText()).contains("says \"https\" instead of \"http\"");
    }

    @Test
    void withoutTheLegacyPair_theServerIsReady_andThePairIsMarkedOptional() {
        publish(this::right);

        JsonNode body = admin.get(CHECK).expectOk();

        assertThat(body.path("ready").asBoolean()).isTrue();
        JsonNode legacy = body.path("records").path(2);
        assertThat(legacy.path("legacy").asBoolean()).isTrue();
        assertThat(legacy.path("checked").asBoolean()).isFalse();
        assertThat(legacy.path("state").asText()).isEqualTo("missing");
        assertThat(legacy.path("detail").asText()).contains("optional");
    }

    @Test
    void eachCheckAsksDnsAgain() {
        assertThat(admin.get(CHECK).expectOk().path("records").path(0).path("checked").asBoolean()).isFalse();

        publish(this::right);

        assertThat(admin.get(CHECK).expectOk().path("records").path(0).path("checked").asBoolean()).isTrue();
    }

    @Test
    void aDnsServerThatDoesNotAnswer_isALookupFailureWithTheReason() {
        own.dns().close();

        JsonNode srv = admin.get(CHECK).expectOk().path("records").path(0);

        assertThat(srv.path("checked").asBoolean()).isFalse();
        assertThat(srv.path("state").asText()).isEqualTo("failed");
        assertThat(srv.path("detail").asText()).contains("the lookup failed").contains(own.dns().hostPort());
    }

    @Test
    void onlyAdminsMayCheck() {
        own.server.client().get(CHECK).expectError(401);
        JsonNode error = own.server.newUser("carol").get(CHECK).expectError(403);
        assertThat(error.path("errorType").asText()).isEqualTo("error-unauthorized");
        assertThat(error.path("success").asBoolean()).isFalse();
    }

    @Test
    void withoutADomainTheAdminIsToldToSetOne() {
        admin.post("/api/v1/settings/FEDERATION_Domain", obj("value", "")).expectOk();

        admin.get(CHECK).expectErrorType("error-invalid-federation-domain");
    }

    @Test
    void aServerThatAsksNoDns_checksNoRecord_andSaysWhy() {
        try (TestServer demo = TestServer.start(c -> c.withSettingOverrides(Map.of(FederationSettings.DOMAIN, "demo.test"))
                .withoutDnsDiscovery())) {
            JsonNode body = demo.admin().get(CHECK).expectOk();

            assertThat(body.path("ready").asBoolean()).isFalse();
            assertThat(body.path("records")).hasSize(4).allSatisfy(r -> {
                assertThat(r.path("checked").asBoolean()).isFalse();
                assertThat(r.path("state").asText()).isEqualTo("not_asked");
                assertThat(r.path("detail").asText()).isEqualTo("not looked up: DNS discovery is off on this server; "
                        + "peers are found through the hub");
            });
            // and with no hub set either, Test setup cannot pass: nothing tells how peers find it
            JsonNode test = demo.admin().post("/api/v1/federation.testSetup", obj()).expectOk();
            assertThat(test.path("passed").asBoolean()).isFalse();
            assertThat(test.path("checks").path(0).path("title").asText()).isEqualTo("Discovery");
            assertThat(test.path("checks").path(0).path("fix").asText()).contains("Hub URL");
        }
    }
}
