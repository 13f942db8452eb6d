package dev.fedchat.server.federation.status;

import static dev.fedchat.server.federation.status.FederationStatus.BOOTING;
import static dev.fedchat.server.federation.status.FederationStatus.DISABLED;
import static dev.fedchat.server.federation.status.FederationStatus.HUB_REGISTRATION_FAILED;
import static dev.fedchat.server.federation.status.FederationStatus.NOT_FULLY_SET;
import static dev.fedchat.server.federation.status.FederationStatus.REGISTERING;
import static dev.fedchat.server.federation.status.FederationStatus.RUNNING;
import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.protocol.testing.StandInHub;
import dev.fedchat.server.testing.TestServer;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The federation status as an admin drives it through the settings API
 * ({@code POST /api/v1/settings/<id>}), against a stand-in hub that accepts, refuses or is not
 * there.
 */
class FederationStatusApiTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private TestServer server;
    private ApiClient admin;
    private StandInHub hub;

    @BeforeEach
    void start() {
        server = TestServer.start(c -> c.withSiteUrl("https://chat.alpha.example"));
        admin = server.admin();
        hub = new StandInHub();
    }

    @AfterEach
    void stop() {
        hub.close();
        server.close();
    }

    @Test
    void atFirstStart_isDisabled_withoutReason_readOnly_andShownToAdmins() {
        assertThat(status()).isEqualTo("Disabled");
        assertThat(reason()).isEmpty();
        admin.post("/api/v1/settings/FEDERATION_Status", obj("value", "Running")).expectErrorType("error-not-allowed");
        admin.post("/api/v1/settings/FEDERATION_Status_Reason", obj("value", "x")).expectErrorType("error-not-allowed");

        JsonNode listed = listed(admin.get("/api/v1/settings?count=100").expectOk(), "FEDERATION_Status");
        assertThat(listed.path("value").asText()).isEqualTo("Disabled");
        assertThat(listed.path("readonly").asBoolean()).isTrue();
        assertThat(server.client().get("/api/v1/settings.public?count=100").expectOk().toString())
                .doesNotContain("FEDERATION_Status");
        assertThat(service().recentTransitions()).isEmpty();
    }

    @Test
    void enabledWithoutADomain_couldNotEnable_namingTheDomain_untilItIsSet() {
        set("FEDERATION_Enabled", true);

        assertThat(status()).isEqualTo("Could not enable, settings are not fully set");
        assertThat(reason()).contains("FEDERATION_Domain is empty");

        set("FEDERATION_Domain", "alpha.example");

        assertThat(status()).isEqualTo("Running");
        assertThat(reason()).isEmpty();
        assertThat(steps()).containsExactly(tuple(DISABLED, NOT_FULLY_SET), tuple(NOT_FULLY_SET, BOOTING), tuple(BOOTING, RUNNING));
    }

    @Test
    void aDomainThatCannotCarryDnsRecords_isRefusedWhenSaved_sayingWhy_andChangesNothing() {
        set("FEDERATION_Domain", "alpha.example");
        set("FEDERATION_Enabled", true);
        // Rocket.Chat dropped the first '@' anywhere, so "ops@alpha.example" became "opsalpha.example"
        JsonNode refused = admin.post("/api/v1/settings/FEDERATION_Domain", obj("value", "ops@alpha.example")).expectError(400);

        assertThat(refused.path("error").asText()).contains("FEDERATION_Domain 'ops@alpha.example' is not usable").contains("'@'");
        assertThat(admin.get("/api/v1/settings/FEDERATION_Domain").expectOk().path("value").asText()).isEqualTo("alpha.example");
        assertThat(status()).isEqualTo("Running");

        set("FEDERATION_Domain", "@beta.example"); // a leading '@' is read as Rocket.Chat did

        assertThat(status()).isEqualTo("Running");
        assertThat(admin.post("/api/v1/settings/FEDERATION_Hub_URL", obj("value", "hub.example")).expectError(400)
                .path("error").asText()).contains("FEDERATION_Hub_URL 'hub.example' is not an http(s) URL");
        set("FEDERATION_Domain", ""); // emptying it is allowed: federation then waits for a domain, saying so
        assertThat(status()).isEqualTo("Could not enable, settings are not fully set");
    }

    @Test
    void aSiteUrlThatIsEmptyOrNotHttp_couldNotEnable_namingSiteUrl() {
        set("FEDERATION_Domain", "alpha.example");
        set("Site_Url", "chat.alpha.example");
        set("FEDERATION_Enabled", true);

        assertThat(status()).isEqualTo("Could not enable, settings are not fully set");
        assertThat(reason()).isEqualTo("Site_Url 'chat.alpha.example' is not an http(s) URL");

        set("Site_Url", "");
        assertThat(reason()).startsWith("Site_Url is empty");

        set("Site_Url", "https://chat.alpha.example");
        assertThat(status()).isEqualTo("Running");
    }

    @Test
    void theHubMethodWithoutAHubUrl_couldNotEnable_namingTheHubUrl() {
        set("FEDERATION_Domain", "alpha.example");
        set("FEDERATION_Discovery_Method", "hub");
        set("FEDERATION_Enabled", true);

        assertThat(status()).isEqualTo("Could not enable, settings are not fully set");
        assertThat(reason()).contains("FEDERATION_Hub_URL is empty");
        assertThat(hub.requests()).isEmpty();
    }

    @Test
    void dns_bootsThenRuns_andDisablingSaysDisabled() {
        set("FEDERATION_Domain", "alpha.example");
        set("FEDERATION_Enabled", true);

        assertThat(status()).isEqualTo("Running");
        assertThat(steps()).containsExactly(tuple(DISABLED, BOOTING), tuple(BOOTING, RUNNING));
        assertThat(service().status()).isEqualTo(RUNNING);

        set("FEDERATION_Enabled", false);

        assertThat(status()).isEqualTo("Disabled");
        assertThat(steps()).endsWith(tuple(RUNNING, DISABLED));
    }

    @Test
    void whileDisabled_changingDomainMethodHubUrlOrSiteUrl_staysDisabled() {
        set("FEDERATION_Domain", "alpha.example");
        set("FEDERATION_Discovery_Method", "hub");
        set("FEDERATION_Hub_URL", hub.url());
        set("Site_Url", "https://other.alpha.example");
        set("FEDERATION_Domain", "beta.example");
        set("FEDERATION_Discovery_Method", "dns");
        set("FEDERATION_Enabled", false);

        assertThat(status()).isEqualTo("Disabled");
        assertThat(service().recentTransitions()).as("Rocket.Chat claimed Enabled here; we never move").isEmpty();
        assertThat(hub.requests()).isEmpty();
    }

    @Test
    void hub_accepting_registersDomainSiteUrlAndKey_thenRuns() {
        set("FEDERATION_Domain", "alpha.example");
        set("FEDERATION_Discovery_Method", "hub");
        set("FEDERATION_Hub_URL", hub.url() + "/");
        set("FEDERATION_Enabled", true);

        awaitStatus(RUNNING);
        assertThat(steps()).containsExactly(tuple(DISABLED, BOOTING), tuple(BOOTING, REGISTERING), tuple(REGISTERING, RUNNING));
        assertThat(hub.requests()).hasSize(1);
        StandInHub.Request sent = hub.requests().get(0);
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/api/v1/peers");
        assertThat(sent.headers()).containsEntry("x-federation-domain", "alpha.example");
        assertThat(sent.json()).isEqualTo(new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(obj(
                "domain", "alpha.example", "url", "https://chat.alpha.example", "public_key", server.server().keys().publicPem())));
        assertThat(reason()).isEmpty();
    }

    @Test
    void hub_refusing_isDisabledCouldNotRegister_withTheHubsAnswer_keepsEnabled_andSavingAgainRetries() {
        hub.refuse(503, "hub under maintenance");
        enableWithHub("alpha.example", hub.url());

        awaitStatus(HUB_REGISTRATION_FAILED);
        assertThat(status()).isEqualTo("Disabled, could not register with Hub");
        assertThat(reason()).startsWith("POST " + hub.url() + "/api/v1/peers answered HTTP 503: hub under maintenance")
                .contains("fix FEDERATION_Hub_URL or the hub, then save");
        assertThat(admin.get("/api/v1/settings/FEDERATION_Enabled").expectOk().path("value").asBoolean())
                .as("the admin's intent is kept; the status says it is not running").isTrue();

        hub.accept();
        set("FEDERATION_Enabled", true);

        awaitStatus(RUNNING);
        assertThat(reason()).isEmpty();
        assertThat(hub.requests()).hasSize(2);
        assertThat(steps()).containsSubsequence(tuple(REGISTERING, HUB_REGISTRATION_FAILED),
                tuple(HUB_REGISTRATION_FAILED, BOOTING), tuple(BOOTING, REGISTERING), tuple(REGISTERING, RUNNING));
    }

    @Test
    void hub_notListening_saysTheConnectionWasRefused() {
        String nobody = StandInHub.notListeningUrl();
        enableWithHub("alpha.example", nobody);

        awaitStatus(HUB_REGISTRATION_FAILED);
        assertThat(reason()).startsWith("could not connect to " + nobody + ": connection refused");
    }

    @Test
    void aServerRunningOnDns_switchedToHub_registers() {
        set("FEDERATION_Domain", "alpha.example");
        set("FEDERATION_Hub_URL", hub.url());
        set("FEDERATION_Enabled", true);
        assertThat(status()).isEqualTo("Running");
        assertThat(hub.requests()).isEmpty();

        set("FEDERATION_Discovery_Method", "hub");

        awaitStatus(RUNNING);
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(steps()).endsWith(tuple(REGISTERING, RUNNING)));
        assertThat(hub.requests()).hasSize(1);
    }

    @Test
    void aServerRunningOnHub_withANewDomain_registersAgainWithIt() {
        enableWithHub("alpha.example", hub.url());
        awaitStatus(RUNNING);

        set("FEDERATION_Domain", "beta.example");

        Awaitility.await().atMost(WAIT).until(() -> hub.requests().size() == 2);
        awaitStatus(RUNNING);
        assertThat(hub.requests().get(1).json().path("domain").asText()).isEqualTo("beta.example");
        assertThat(hub.requests().get(1).headers()).containsEntry("x-federation-domain", "beta.example");
    }

    @Test
    void settingsChangedWhileRegistering_theOlderAnswerIsIgnored_andTheNewerRegistrationCounts() {
        hub.refuse(503, "too late to matter").holdFirstRequest();
        enableWithHub("alpha.example", hub.url());
        Awaitility.await().atMost(WAIT).until(() -> hub.requests().size() == 1);

        hub.accept();
        set("FEDERATION_Domain", "beta.example"); // returns while the hub still holds the first request
        assertThat(status()).isEqualTo("Registering with Hub");
        hub.releaseFirstRequest();

        Awaitility.await().atMost(WAIT).until(() -> hub.requests().size() == 2);
        awaitStatus(RUNNING);
        assertThat(hub.requests().get(1).json().path("domain").asText()).isEqualTo("beta.example");
        assertThat(steps()).doesNotContain(tuple(REGISTERING, HUB_REGISTRATION_FAILED));
    }

    @Test
    void switchedToDnsWhileRegistering_runsAtOnce_andTheLateRefusalChangesNothing() {
        hub.refuse(503, "too late to matter").holdFirstRequest();
        enableWithHub("alpha.example", hub.url());
        Awaitility.await().atMost(WAIT).until(() -> hub.requests().size() == 1);

        set("FEDERATION_Discovery_Method", "dns");
        assertThat(status()).isEqualTo("Running");

        hub.releaseFirstRequest();
        hub.accept();
        // the registration thread answers the first request before it starts this one
        set("FEDERATION_Discovery_Method", "hub");
        Awaitility.await().atMost(WAIT).until(() -> hub.requests().size() == 2);
        awaitStatus(RUNNING);
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(steps()).endsWith(tuple(REGISTERING, RUNNING)));
        assertThat(steps()).doesNotContain(tuple(REGISTERING, HUB_REGISTRATION_FAILED));
    }

    private void enableWithHub(String domain, String hubUrl) {
        set("FEDERATION_Domain", domain);
        set("FEDERATION_Discovery_Method", "hub");
        set("FEDERATION_Hub_URL", hubUrl);
        set("FEDERATION_Enabled", true);
    }

    private void set(String id, Object value) {
        admin.post("/api/v1/settings/" + id, obj("value", value)).expectOk();
    }

    private String status() {
        return admin.get("/api/v1/settings/FEDERATION_Status").expectOk().path("value").asText();
    }

    private String reason() {
        return admin.get("/api/v1/settings/FEDERATION_Status_Reason").expectOk().path("value").asText();
    }

    private void awaitStatus(FederationStatus expected) {
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(status()).isEqualTo(expected.wire()));
    }

    private FederationStatusService service() {
        return server.server().federationStatus();
    }

    private java.util.List<org.assertj.core.groups.Tuple> steps() {
        return service().recentTransitions().stream().map(t -> tuple(t.from(), t.to())).toList();
    }

    private static JsonNode listed(JsonNode list, String id) {
        for (JsonNode s : list.path("settings")) {
            if (s.path("_id").asText().equals(id)) {
                return s;
            }
        }
        throw new AssertionError(id + " is not listed in " + list);
    }
}
