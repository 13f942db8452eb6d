package dev.fedchat.server.federation.settings;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fedchat.protocol.crypto.Pem;
import dev.fedchat.server.FedchatServer;
import dev.fedchat.server.config.ConfigException;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.Databases;
import dev.fedchat.server.testing.TestServer;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The federation key pair: made once, kept across restarts, published read-only as FEDERATION_Public_Key. */
class FederationKeysTest {

    static List<String> databases() {
        return Databases.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void keyPair_isRsa2048_publishedReadOnly_andKeptAcrossARestart(String database) {
        Path dir = TestServer.tempDir();
        try (Databases.Target db = Databases.open(database)) {
            String firstPem;
            try (FedchatServer server = TestServer.startOn(db.config(dir), dir)) {
                firstPem = server.keys().publicPem();
                RSAPublicKey key = (RSAPublicKey) Pem.readPublic(firstPem);
                assertThat(key.getModulus().bitLength()).isEqualTo(2048);
                assertThat(key.getPublicExponent().intValue()).isEqualTo(65537);
                assertThat(firstPem).startsWith("-----BEGIN PUBLIC KEY-----").doesNotContain("\n");

                ApiClient admin = new ApiClient(server.url()).login(TestServer.ADMIN, TestServer.ADMIN_PASSWORD);
                assertThat(admin.get("/api/v1/settings/FEDERATION_Public_Key").expectOk().path("value").asText())
                        .isEqualTo(firstPem);
                admin.post("/api/v1/settings/FEDERATION_Public_Key", obj("value", "-----BEGIN PUBLIC KEY-----x"))
                        .expectErrorType("error-not-allowed");
                assertThat(admin.get("/api/v1/settings/FEDERATION_Public_Key").expectOk().path("value").asText())
                        .isEqualTo(firstPem);
            }
            try (FedchatServer again = TestServer.startOn(db.config(dir), dir)) {
                assertThat(again.keys().publicPem()).isEqualTo(firstPem);
                assertThat(again.keys().privateKey()).isNotNull();
            }
        } finally {
            TestServer.deleteRecursively(dir);
        }
    }

    @Test
    void federationSettings_areReadableWritableAndValidated() {
        try (TestServer server = TestServer.start(c -> c.withSettingOverrides(Map.of("FEDERATION_Domain", "alpha.example")))) {
            ApiClient admin = server.admin();
            assertThat(admin.get("/api/v1/settings/FEDERATION_Domain").expectOk().path("value").asText()).isEqualTo("alpha.example");
            assertThat(admin.get("/api/v1/settings/FEDERATION_Enabled").expectOk().path("value").asBoolean()).isFalse();
            assertThat(admin.get("/api/v1/settings/FEDERATION_Hub_URL").expectOk().path("value").asText()).isEmpty();
            admin.post("/api/v1/settings/FEDERATION_Discovery_Method", obj("value", "hub")).expectOk();
            admin.post("/api/v1/settings/FEDERATION_Discovery_Method", obj("value", "carrier-pigeon"))
                    .expectErrorType("invalid-params");
            assertThat(admin.get("/api/v1/settings/FEDERATION_Discovery_Method").expectOk().path("value").asText()).isEqualTo("hub");
            assertThat(server.client().get("/api/v1/settings.public").expectOk().path("settings").toString())
                    .contains("FEDERATION_Enabled").doesNotContain("FEDERATION_Public_Key");
        }
    }

    @Test
    void overwritingTheReadOnlyPublicKey_stopsTheStartAndSaysWhy() {
        assertThatThrownBy(() -> TestServer.start(c -> c.withSettingOverrides(Map.of("FEDERATION_Public_Key", "x"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("OVERWRITE_SETTING_FEDERATION_Public_Key").hasMessageContaining("read-only");
    }
}
