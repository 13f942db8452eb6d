package dev.fedchat.server.federation.status;

import static dev.fedchat.server.federation.status.FederationStatus.BOOTING;
import static dev.fedchat.server.federation.status.FederationStatus.DISABLED;
import static dev.fedchat.server.federation.status.FederationStatus.HUB_REGISTRATION_FAILED;
import static dev.fedchat.server.federation.status.FederationStatus.NOT_FULLY_SET;
import static dev.fedchat.server.federation.status.FederationStatus.REGISTERING;
import static dev.fedchat.server.federation.status.FederationStatus.RUNNING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fedchat.server.federation.status.StatusTransitions.Target;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The pure transition function: every status × every event, and the reasons it gives. */
class FederationStatusTransitionsTest {
    private static final FederationSetup OFF = new FederationSetup(false, "alpha.example", "https://chat.alpha.example", "dns", "");
    private static final FederationSetup DNS = new FederationSetup(true, "alpha.example", "https://chat.alpha.example", "dns", "");
    private static final FederationSetup HUB = new FederationSetup(true, "alpha.example", "https://chat.alpha.example", "hub",
            "https://hub.example");
    private static final FederationSetup NO_DOMAIN = new FederationSetup(true, "", "https://chat.alpha.example", "dns", "");

    @Test
    void statuses_carryTheDocumentedStrings() {
        assertThat(Arrays.stream(FederationStatus.values()).map(FederationStatus::wire)).containsExactly(
                "Could not enable, settings are not fully set", "Booting", "Registering with Hub",
                "Disabled, could not register with Hub", "Disabled", "Running");
        for (FederationStatus s : FederationStatus.values()) {
            assertThat(FederationStatus.fromWire(s.wire())).contains(s);
        }
        assertThat(FederationStatus.fromWire("Enabled")).as("Rocket.Chat 2.x's text").isEmpty();
    }

    @ParameterizedTest
    @EnumSource(FederationStatus.class)
    void settingsChanged_disabled_isDisabled_fromAnywhere(FederationStatus current) {
        assertThat(next(current, OFF, new StatusEvent.SettingsChanged())).contains(new Target(DISABLED, ""));
        FederationSetup offAndIncomplete = new FederationSetup(false, "", "", "hub", "");
        assertThat(next(current, offAndIncomplete, new StatusEvent.SettingsChanged())).contains(new Target(DISABLED, ""));
    }

    @ParameterizedTest
    @EnumSource(FederationStatus.class)
    void settingsChanged_enabledButIncomplete_couldNotEnable_fromAnywhere(FederationStatus current) {
        assertThat(next(current, NO_DOMAIN, new StatusEvent.SettingsChanged())).hasValueSatisfying(t -> {
            assertThat(t.status()).isEqualTo(NOT_FULLY_SET);
            assertThat(t.reason()).contains("FEDERATION_Domain is empty");
        });
    }

    @ParameterizedTest
    @EnumSource(FederationStatus.class)
    void settingsChanged_enabledAndComplete_boots_fromAnywhere_forEitherMethod(FederationStatus current) {
        assertThat(next(current, DNS, new StatusEvent.SettingsChanged())).contains(new Target(BOOTING, ""));
        assertThat(next(current, HUB, new StatusEvent.SettingsChanged())).contains(new Target(BOOTING, ""));
    }

    @Test
    void booted_runsOnDns_andRegistersOnHub() {
        assertThat(next(BOOTING, DNS, new StatusEvent.Booted())).contains(new Target(RUNNING, ""));
        assertThat(next(BOOTING, HUB, new StatusEvent.Booted())).contains(new Target(REGISTERING, ""));
    }

    @Test
    void booted_whenTheSettingsNoLongerAllowIt_goesWhereTheSettingsSay() {
        assertThat(next(BOOTING, OFF, new StatusEvent.Booted())).contains(new Target(DISABLED, ""));
        assertThat(next(BOOTING, NO_DOMAIN, new StatusEvent.Booted())).map(Target::status).contains(NOT_FULLY_SET);
    }

    @ParameterizedTest
    @EnumSource(value = FederationStatus.class, names = "BOOTING", mode = EnumSource.Mode.EXCLUDE)
    void booted_outsideBooting_isIgnored(FederationStatus current) {
        assertThat(next(current, DNS, new StatusEvent.Booted())).isEmpty();
        assertThat(next(current, HUB, new StatusEvent.Booted())).isEmpty();
    }

    @Test
    void registered_whileRegistering_runs_withWhatTheHubSaid() {
        assertThat(next(REGISTERING, HUB, new StatusEvent.Registered(""))).contains(new Target(RUNNING, ""));
        assertThat(next(REGISTERING, HUB, new StatusEvent.Registered("a confirmation link was mailed to webmaster@a.example")))
                .contains(new Target(RUNNING, "when registering, the hub said: a confirmation link was mailed to webmaster@a.example"
                        + " (Test setup shows whether it lists this server now)"));
    }

    @Test
    void registrationFailed_whileRegistering_isDisabledCouldNotRegister_withTheReason() {
        assertThat(next(REGISTERING, HUB, new StatusEvent.RegistrationFailed("POST x answered HTTP 503")))
                .contains(new Target(HUB_REGISTRATION_FAILED, "POST x answered HTTP 503"));
    }

    @ParameterizedTest
    @EnumSource(value = FederationStatus.class, names = "REGISTERING", mode = EnumSource.Mode.EXCLUDE)
    void hubAnswers_outsideRegistering_areIgnored(FederationStatus current) {
        assertThat(next(current, HUB, new StatusEvent.Registered(""))).isEmpty();
        assertThat(next(current, HUB, new StatusEvent.RegistrationFailed("late"))).isEmpty();
    }

    @Test
    void incompleteSettings_nameEverySettingThatIsMissing() {
        FederationSetup nothing = new FederationSetup(true, "", "", "hub", "");
        String reason = next(DISABLED, nothing, new StatusEvent.SettingsChanged()).orElseThrow().reason();

        assertThat(reason).contains("FEDERATION_Domain is empty", "Site_Url is empty",
                "FEDERATION_Hub_URL is empty while FEDERATION_Discovery_Method is hub");
    }

    @Test
    void urlsThatAreNotHttp_areNamedWithTheirValue() {
        FederationSetup bad = new FederationSetup(true, "alpha.example", "chat.alpha.example", "hub", "ftp://hub.example");
        String reason = next(DISABLED, bad, new StatusEvent.SettingsChanged()).orElseThrow().reason();

        assertThat(reason).isEqualTo("Site_Url 'chat.alpha.example' is not an http(s) URL; "
                + "FEDERATION_Hub_URL 'ftp://hub.example' is not an http(s) URL");
    }

    @Test
    void theHubUrl_mattersOnlyForTheHubMethod() {
        FederationSetup dnsWithJunkHubUrl = new FederationSetup(true, "alpha.example", "http://localhost:3000", "dns", "junk");

        assertThat(next(DISABLED, dnsWithJunkHubUrl, new StatusEvent.SettingsChanged())).contains(new Target(BOOTING, ""));
    }

    private static Optional<Target> next(FederationStatus current, FederationSetup setup, StatusEvent event) {
        return StatusTransitions.next(current, setup, event);
    }
}
