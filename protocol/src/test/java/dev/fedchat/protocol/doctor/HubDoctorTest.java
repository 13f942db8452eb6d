package dev.fedchat.protocol.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fedchat.protocol.crypto.KeyFingerprint;
import dev.fedchat.protocol.hub.HubClient;
import dev.fedchat.protocol.testing.StandInHub;
import dev.fedchat.protocol.testing.TestKeys;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The hub half of "Test setup", against a stand-in hub over real HTTP: what the hub lists for our
 * domain is compared with our Site_Url and key, and the listed URL is called. (The whole path with
 * a real hub and a real server is in the server's {@code HubDiscoveryTest}.)
 */
class HubDoctorTest {
    private static final String KEY = TestKeys.publicPem(TestKeys.generate());
    private final StandInHub hub = new StandInHub();
    private final HubDoctor doctor = new HubDoctor(new HubClient(Duration.ofSeconds(2), Duration.ofSeconds(2)), Duration.ofSeconds(2));

    @AfterEach
    void stop() {
        hub.close();
    }

    private void lists(String url, String key) throws Exception {
        hub.answer(200, new ObjectMapper().writeValueAsString(
                Map.of("success", true, "peer", Map.of("domain", "own.test", "url", url, "public_key", key))));
    }

    @Test
    void anUnconfirmedRegistration_failsTheListing_andSendsTheAdminToTheWebmastersMail() {
        hub.answer(404, "{\"success\":false,\"error\":\"no confirmed entry\"}");

        List<Check> checks = doctor.examine(hub.uri(), "own.test", "https://chat.own.test", KEY);

        assertThat(checks).extracting(Check::outcome).containsExactly(Check.Outcome.FAIL, Check.Outcome.SKIP, Check.Outcome.SKIP);
        assertThat(checks.get(0).detail()).contains("does not list own.test").contains("not confirmed");
        assertThat(checks.get(0).fix()).contains("webmaster@own.test");
    }

    @Test
    void anOldUrlAndAnOldKeyAtTheHub_eachFail_withRegisteringAgainAsTheFix() throws Exception {
        String oldKey = TestKeys.publicPem(TestKeys.generate());
        lists("https://old.own.test/", oldKey);

        List<Check> checks = doctor.examine(hub.uri(), "own.test", "https://chat.own.test", KEY);

        assertThat(checks.get(0).outcome()).isEqualTo(Check.Outcome.FAIL);
        assertThat(checks.get(0).detail()).contains("https://old.own.test/").contains("Site_Url is https://chat.own.test");
        assertThat(checks.get(1).outcome()).isEqualTo(Check.Outcome.FAIL);
        assertThat(checks.get(1).detail()).contains(KeyFingerprint.of(oldKey)).contains(KeyFingerprint.of(KEY));
        assertThat(checks.get(1).fix()).contains("register again");
    }

    @Test
    void theRightEntry_passesListingAndKey_andTheListedUrlIsCalled() throws Exception {
        // the stand-in hub is the listed server too: it answers /api/info with its peers JSON, no "version"
        String self = hub.url() + "/";
        lists(self, KEY);

        List<Check> checks = doctor.examine(hub.uri(), "own.test", hub.url(), KEY);

        assertThat(checks).extracting(Check::outcome).containsExactly(Check.Outcome.PASS, Check.Outcome.PASS, Check.Outcome.FAIL);
        assertThat(checks.get(2).detail()).contains("not a Rocket.Chat-compatible server");
        assertThat(hub.requests()).extracting(StandInHub.Request::path).contains("/api/info");
    }

    @Test
    void aListedUrlThatIsNoHttpUrl_failsTheApiCheck_insteadOfThrowing() throws Exception {
        lists("not a url", KEY);

        List<Check> checks = doctor.examine(hub.uri(), "own.test", "https://chat.own.test", KEY);

        assertThat(checks.get(2).outcome()).isEqualTo(Check.Outcome.FAIL);
        assertThat(checks.get(2).detail()).contains("'not a url', which is not an http(s) URL");
    }
}
