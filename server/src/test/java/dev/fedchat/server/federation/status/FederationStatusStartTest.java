package dev.fedchat.server.federation.status;

import static dev.fedchat.server.federation.status.FederationStatus.BOOTING;
import static dev.fedchat.server.federation.status.FederationStatus.DISABLED;
import static dev.fedchat.server.federation.status.FederationStatus.REGISTERING;
import static dev.fedchat.server.federation.status.FederationStatus.RUNNING;
import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.fedchat.server.FedchatServer;
import dev.fedchat.server.config.ConfigException;
import dev.fedchat.server.config.ServerConfig;
import dev.fedchat.server.federation.settings.FederationSettings;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.Databases;
import dev.fedchat.protocol.testing.StandInHub;
import dev.fedchat.server.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The federation status at server start: from {@code OVERWRITE_SETTING_*} and from what the database kept. */
class FederationStatusStartTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    static List<String> databases() {
        return Databases.names();
    }

    @Test
    void overwriteSettings_enabledWithADomain_runFromTheStart() {
        try (TestServer server = TestServer.start(c -> c.withSettingOverrides(Map.of(
                "FEDERATION_Enabled", "true", "FEDERATION_Domain", "alpha.example")))) {
            FederationStatusService status = server.server().federationStatus();

            assertThat(status.status()).isEqualTo(RUNNING);
            assertThat(steps(status)).containsExactly(tuple(DISABLED, BOOTING), tuple(BOOTING, RUNNING));
            assertThat(server.admin().get("/api/v1/settings/FEDERATION_Status").expectOk().path("value").asText())
                    .isEqualTo("Running");
        }
    }

    @Test
    void overwriteSettings_enabledWithoutADomain_couldNotEnable() {
        try (TestServer server = TestServer.start(c -> c.withSettingOverrides(Map.of("FEDERATION_Enabled", "true")))) {
            assertThat(server.server().federationStatus().status()).isEqualTo(FederationStatus.NOT_FULLY_SET);
            assertThat(server.server().federationStatus().reason()).contains("FEDERATION_Domain");
        }
    }

    @Test
    void overwriteSettings_withTheHubMethod_registerAtStart() {
        try (StandInHub hub = new StandInHub();
             TestServer server = TestServer.start(c -> c.withSiteUrl("https://chat.alpha.example").withSettingOverrides(Map.of(
                     "FEDERATION_Enabled", "true", "FEDERATION_Domain", "alpha.example",
                     "FEDERATION_Discovery_Method", "hub", "FEDERATION_Hub_URL", hub.url())))) {
            FederationStatusService status = server.server().federationStatus();

            Awaitility.await().atMost(WAIT).until(() -> status.status() == RUNNING);
            assertThat(steps(status)).containsExactly(tuple(DISABLED, BOOTING), tuple(BOOTING, REGISTERING),
                    tuple(REGISTERING, RUNNING));
            assertThat(hub.requests()).hasSize(1);
            assertThat(hub.requests().get(0).json().path("url").asText()).isEqualTo("https://chat.alpha.example");
        }
    }

    @Test
    void theStatusAndItsReason_cannotBeOverwritten() {
        for (String id : new String[] {"FEDERATION_Status", "FEDERATION_Status_Reason"}) {
            assertThatThrownBy(() -> TestServer.start(c -> c.withSettingOverrides(Map.of(id, "Running"))))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("OVERWRITE_SETTING_" + id).hasMessageContaining("read-only");
        }
    }

    @Test
    void aDomainStoredBeforeItWasChecked_stillStarts_andTheStatusSaysWhatToFix() {
        try (TestServer server = TestServer.start()) {
            server.server().settings().setInternal(FederationSettings.DOMAIN, "ops@alpha.example"); // as older versions stored it
            server.admin().post("/api/v1/settings/FEDERATION_Enabled", obj("value", true)).expectOk();
            server.stop();

            server.restart();

            FederationStatusService status = server.server().federationStatus();
            Awaitility.await().atMost(WAIT).until(() -> status.status() == FederationStatus.NOT_FULLY_SET);
            assertThat(status.reason()).contains("FEDERATION_Domain 'ops@alpha.example' is not usable");
        }
    }

    @Test
    void aDomainThatCannotWork_forcedAtStart_stopsTheStart_sayingWhy() {
        assertThatThrownBy(() -> TestServer.start(c -> c.withSettingOverrides(Map.of(FederationSettings.DOMAIN, "https://chat.alpha.example"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("OVERWRITE_SETTING_FEDERATION_Domain=https://chat.alpha.example")
                .hasMessageContaining("the URL belongs in Site_Url");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void restart_withFederationEnabledInTheDatabase_bootsAgain(String database) {
        Path dir = TestServer.tempDir();
        try (Databases.Target db = Databases.open(database)) {
            try (FedchatServer first = TestServer.startOn(db.config(dir), dir)) {
                ApiClient admin = new ApiClient(first.url()).login(TestServer.ADMIN, TestServer.ADMIN_PASSWORD);
                admin.post("/api/v1/settings/FEDERATION_Domain", obj("value", "alpha.example")).expectOk();
                admin.post("/api/v1/settings/FEDERATION_Enabled", obj("value", true)).expectOk();
                assertThat(first.federationStatus().status()).isEqualTo(RUNNING);
            }
            try (FedchatServer again = TestServer.startOn(db.config(dir), dir)) {
                assertThat(again.federationStatus().status()).isEqualTo(RUNNING);
                assertThat(steps(again.federationStatus())).containsExactly(tuple(RUNNING, BOOTING), tuple(BOOTING, RUNNING));
            }
        } finally {
            TestServer.deleteRecursively(dir);
        }
    }

    @Test
    void restart_withTheHubMethodInTheDatabase_registersAgain() {
        Path dir = TestServer.tempDir();
        try (StandInHub hub = new StandInHub()) {
            ServerConfig config = ServerConfig.embedded(dir, 0)
                    .withAdmin(new ServerConfig.AdminBootstrap(TestServer.ADMIN, TestServer.ADMIN_PASSWORD, "admin@test.example"));
            try (FedchatServer first = FedchatServer.start(config)) {
                ApiClient admin = new ApiClient(first.url()).login(TestServer.ADMIN, TestServer.ADMIN_PASSWORD);
                admin.post("/api/v1/settings/FEDERATION_Domain", obj("value", "alpha.example")).expectOk();
                admin.post("/api/v1/settings/FEDERATION_Discovery_Method", obj("value", "hub")).expectOk();
                admin.post("/api/v1/settings/FEDERATION_Hub_URL", obj("value", hub.url())).expectOk();
                admin.post("/api/v1/settings/FEDERATION_Enabled", obj("value", true)).expectOk();
                Awaitility.await().atMost(WAIT).until(() -> first.federationStatus().status() == RUNNING);
            }
            try (FedchatServer again = FedchatServer.start(config)) {
                Awaitility.await().atMost(WAIT).until(() -> hub.requests().size() == 2);
                Awaitility.await().atMost(WAIT).until(() -> again.federationStatus().status() == RUNNING);
                assertThat(steps(again.federationStatus())).containsExactly(tuple(RUNNING, BOOTING),
                        tuple(BOOTING, REGISTERING), tuple(REGISTERING, RUNNING));
            }
        } finally {
            TestServer.deleteRecursively(dir);
        }
    }

    @Test
    void restart_withAStatusTextThisVersionDoesNotKnow_replacesIt() {
        Path dir = TestServer.tempDir();
        try {
            ServerConfig config = ServerConfig.embedded(dir, 0);
            try (FedchatServer first = FedchatServer.start(config)) {
                first.settings().setInternal(FederationSettings.STATUS, "Enabled"); // Rocket.Chat 2.x's text
            }
            try (FedchatServer again = FedchatServer.start(config)) {
                assertThat(again.settings().string(FederationSettings.STATUS)).isEqualTo("Disabled");
                assertThat(again.federationStatus().status()).isEqualTo(DISABLED);
            }
        } finally {
            TestServer.deleteRecursively(dir);
        }
    }

    @Test
    void closingWhileTheHubHoldsARegistration_stopsAtOnce_withoutWaitingForTheHub() {
        try (StandInHub hub = new StandInHub().holdFirstRequest()) {
            TestServer server = TestServer.start(c -> c.withSettingOverrides(Map.of(
                    "FEDERATION_Enabled", "true", "FEDERATION_Domain", "alpha.example",
                    "FEDERATION_Discovery_Method", "hub", "FEDERATION_Hub_URL", hub.url())));
            Awaitility.await().atMost(WAIT).until(() -> hub.requests().size() == 1);
            long begin = System.nanoTime();

            server.close();

            assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(4));
            assertThat(server.server().federationStatus().status()).isEqualTo(REGISTERING);
        }
    }

    private static List<Tuple> steps(FederationStatusService status) {
        return status.recentTransitions().stream().map(t -> tuple(t.from(), t.to())).toList();
    }
}
