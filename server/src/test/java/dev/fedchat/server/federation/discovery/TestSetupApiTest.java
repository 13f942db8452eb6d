package dev.fedchat.server.federation.discovery;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fedchat.protocol.testing.Dnsmasq;
import dev.fedchat.protocol.testing.StandInHub;
import dev.fedchat.protocol.testing.TestKeys;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.DdpClient;
import dev.fedchat.server.testing.TestServer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The admin's "Test setup" ({@code POST federation.testSetup} and the DDP method
 * {@code FEDERATION_Test_Setup}) on a server whose {@code --dns-server} is a real dnsmasq: the
 * server resolves its own domain as a peer would and knows what every record should say.
 */
class TestSetupApiTest {
    private OwnDomain own;
    private Dnsmasq dns;
    private TestServer server;
    private ApiClient admin;
    private int port;
    private String key;

    @BeforeEach
    void start() {
        own = new OwnDomain();
        server = own.server;
        admin = own.admin;
        port = own.port;
        key = own.key;
        dns = own.dns();
    }

    @AfterEach
    void stop() {
        own.close();
    }

    private void publish(int srvPort, String publishedKey) {
        own.publish(Dnsmasq.records()
                .srv("_rocketchat._http.own.test", "localhost", srvPort, 1, 1)
                .txt("rocketchat-public-key.own.test", TestKeys.pieces(publishedKey, 255)));
        dns = own.dns();
    }

    @Test
    void aCorrectSetUpPasses() {
        publish(port, key);

        JsonNode body = admin.post("/api/v1/federation.testSetup", obj()).expectOk();

        assertThat(body.path("domain").asText()).isEqualTo("own.test");
        assertThat(body.path("passed").asBoolean()).isTrue();
        assertThat(body.path("checks")).hasSize(7).allSatisfy(c -> assertThat(c.path("outcome").asText()).isEqualTo("pass"));
        assertThat(body.path("text").asText()).contains("asking the DNS server " + dns.hostPort());
    }

    @Test
    void anSrvRecordPointingElsewhereGetsTheExactRecordAsItsFix() {
        publish(port + 1, key);

        JsonNode body = admin.post("/api/v1/federation.testSetup", obj()).expectOk();

        assertThat(body.path("passed").asBoolean()).isFalse();
        JsonNode srv = body.path("checks").path(0);
        assertThat(srv.path("outcome").asText()).isEqualTo("fail");
        assertThat(srv.path("detail").asText()).contains("Site_Url says http://localhost:" + port);
        assertThat(srv.path("fix").asText()).isEqualTo(
                "publish _rocketchat._http.own.test. 300 IN SRV 1 1 " + port + " localhost. (and remove the old record)");
    }

    @Test
    void aPublishedKeyThatIsNotOursFailsEvenBeforeAskingTheServer() {
        publish(port, TestKeys.publicPem(TestKeys.generate()));

        JsonNode match = admin.post("/api/v1/federation.testSetup", obj()).expectOk().path("checks").path(6);

        assertThat(match.path("outcome").asText()).isEqualTo("fail");
        assertThat(match.path("detail").asText()).contains("this server holds");
        assertThat(match.path("fix").asText()).startsWith("publish rocketchat-public-key.own.test. 300 IN TXT \"" + key.substring(0, 255));
    }

    @Test
    void onAServerListedByAHub_aWrongKeyInDns_stillFails_forPeersTakeDnsAnswerAndNeverAskTheHub() throws Exception {
        try (StandInHub hub = new StandInHub()) {
            hub.answer(200, new ObjectMapper().writeValueAsString(Map.of("success", true,
                    "peer", Map.of("domain", "own.test", "url", "http://localhost:" + port, "public_key", key))));
            admin.post("/api/v1/settings/FEDERATION_Hub_URL", obj("value", hub.url())).expectOk();
            admin.post("/api/v1/settings/FEDERATION_Discovery_Method", obj("value", "hub")).expectOk();
            publish(port, TestKeys.publicPem(TestKeys.generate()));

            JsonNode body = admin.post("/api/v1/federation.testSetup", obj()).expectOk();

            assertThat(body.path("passed").asBoolean()).isFalse();
            assertThat(outcomes(body)).containsEntry("Published key is the server's", "fail")
                    .containsEntry("Hub listing", "pass").containsEntry("Key at the hub", "pass");

            // without DNS records peers fall back to the hub, which lists the server as it is: DNS is only advice
            own.publish(Dnsmasq.records());
            JsonNode hubOnly = admin.post("/api/v1/federation.testSetup", obj()).expectOk();
            assertThat(hubOnly.path("passed").asBoolean()).as(hubOnly.path("text").asText()).isTrue();
            assertThat(outcomes(hubOnly)).containsEntry("SRV record", "warn").containsEntry("Hub listing", "pass");
        }
    }

    /** Each check's title and outcome. */
    private static Map<String, String> outcomes(JsonNode testSetup) {
        Map<String, String> outcomes = new LinkedHashMap<>();
        testSetup.path("checks").forEach(c -> outcomes.put(c.path("title").asText(), c.path("outcome").asText()));
        return outcomes;
    }

    @Test
    void theDdpMethodAnswersRocketChatsSuccessMessage() {
        publish(port, key);
        try (DdpClient ddp = server.ddp().handshake()) {
            ddp.loginWithPassword(TestServer.ADMIN, TestServer.ADMIN_PASSWORD);

            JsonNode result = ddp.call("FEDERATION_Test_Setup").path("result");

            assertThat(result.path("message").asText()).isEqualTo("FEDERATION_Test_Setup_Success");
            assertThat(result.path("checks")).hasSize(7);
        }
    }

    @Test
    void theDdpMethodThrowsRocketChatsErrorWithEachFailureAndFix() {
        try (DdpClient ddp = server.ddp().handshake()) {
            ddp.loginWithPassword(TestServer.ADMIN, TestServer.ADMIN_PASSWORD);

            JsonNode error = ddp.call("FEDERATION_Test_Setup").path("error");

            assertThat(error.path("error").asText()).isEqualTo("FEDERATION_Test_Setup_Error");
            assertThat(error.path("reason").asText()).contains("SRV record: ").contains("NXDOMAIN")
                    .contains("Fix: publish _rocketchat._http.own.test. 300 IN SRV 1 1 " + port + " localhost.");
        }
    }

    @Test
    void onlyAdminsMayTest() {
        server.client().post("/api/v1/federation.testSetup", obj()).expectError(401);
        server.newUser("carol").post("/api/v1/federation.testSetup", obj()).expectError(403);
        try (DdpClient ddp = server.ddp().handshake()) {
            ddp.loginWithPassword("carol", "carol-pass");
            assertThat(ddp.call("FEDERATION_Test_Setup").path("error").path("error").asText()).isEqualTo("error-not-allowed");
        }
    }

    @Test
    void withoutADomainTheAdminIsToldToSetOne() {
        admin.post("/api/v1/settings/FEDERATION_Domain", obj("value", "")).expectOk();

        JsonNode error = admin.post("/api/v1/federation.testSetup", obj()).expectErrorType("error-invalid-federation-domain");

        assertThat(error.path("error").asText()).contains("FEDERATION_Domain is empty");
    }

    @Test
    void theServersPeerLookupsUseTheConfiguredDnsServer() {
        publish(port, key);

        assertThat(server.server().peers().find("own.test").url().toString()).isEqualTo("http://localhost:" + port);
    }
}
