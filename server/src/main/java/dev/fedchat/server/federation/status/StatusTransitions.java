package dev.fedchat.server.federation.status;

import java.util.List;
import java.util.Optional;

/**
 * The federation status machine's rules, as a pure function of (current status, settings,
 * event): no clock, no I/O, no state, so every state × event is a table row in a test.
 *
 * <pre>
 *   any ──SettingsChanged──► Disabled                          Enabled is false
 *                          ► Could not enable, settings ...     Enabled, something missing
 *                          ► Booting                            Enabled, complete
 *   Booting ──Booted──► Running (dns) | Registering with Hub (hub)
 *   Registering with Hub ──Registered──► Running, with what the hub said of it as the reason
 *                        ──RegistrationFailed──► Disabled, could not register with Hub
 * </pre>
 *
 * Every other (status, event) pair is ignored: a hub answer that arrives after the status moved
 * on changes nothing. Unlike Rocket.Chat (federation-protocol.md §1.2), a disabled server never
 * claims to run whatever else changes, and a settings change always re-evaluates, so switching a
 * running server from dns to hub registers it.
 */
final class StatusTransitions {

    /**
     * Where the machine goes, and why when it is a failure; for Running through a hub, what the hub
     * said (a link mailed to the webmaster: peers find the server once it is confirmed); empty otherwise.
     */
    record Target(FederationStatus status, String reason) {}

    private StatusTransitions() {}

    /** The next status, or empty when {@code event} means nothing in {@code current}. */
    static Optional<Target> next(FederationStatus current, FederationSetup setup, StatusEvent event) {
        if (event instanceof StatusEvent.SettingsChanged) {
            return Optional.of(evaluate(setup));
        }
        if (event instanceof StatusEvent.Booted) {
            if (current != FederationStatus.BOOTING) {
                return Optional.empty();
            }
            Target settingsSay = evaluate(setup);
            if (settingsSay.status() != FederationStatus.BOOTING) {
                return Optional.of(settingsSay); // the settings no longer allow running
            }
            return Optional.of(ok(setup.viaHub() ? FederationStatus.REGISTERING : FederationStatus.RUNNING));
        }
        if (current != FederationStatus.REGISTERING) {
            return Optional.empty(); // a hub answer only counts while waiting for it
        }
        if (event instanceof StatusEvent.Registered registered) {
            // said once, at registration: the webmaster may confirm later, so the words are dated, not a state
            return Optional.of(new Target(FederationStatus.RUNNING, registered.hubSays().isEmpty() ? ""
                    : "when registering, the hub said: " + registered.hubSays() + " (Test setup shows whether it lists this server now)"));
        }
        StatusEvent.RegistrationFailed failed = (StatusEvent.RegistrationFailed) event;
        return Optional.of(new Target(FederationStatus.HUB_REGISTRATION_FAILED, failed.reason()));
    }

    private static Target evaluate(FederationSetup setup) {
        if (!setup.enabled()) {
            return ok(FederationStatus.DISABLED);
        }
        List<String> problems = setup.problems();
        if (!problems.isEmpty()) {
            return new Target(FederationStatus.NOT_FULLY_SET, String.join("; ", problems));
        }
        return ok(FederationStatus.BOOTING);
    }

    private static Target ok(FederationStatus status) {
        return new Target(status, "");
    }
}
