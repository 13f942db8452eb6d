package dev.fedchat.server.federation.status;

import java.util.Arrays;
import java.util.Optional;

/**
 * The federation status as the admin sees it in {@code FEDERATION_Status}, with exactly the
 * strings Rocket.Chat's documentation lists (seed-rocketchat-federation.md, "Configuration"; the
 * v1 strings of federation-protocol.md §1.2 without their trailing dots).
 */
public enum FederationStatus {
    /** Enabled, but the domain, the site URL or (for the hub method) the hub URL is missing or unusable. */
    NOT_FULLY_SET("Could not enable, settings are not fully set"),
    /** Enabled with complete settings; starting up. */
    BOOTING("Booting"),
    /** Hub method only: the registration request is on its way. */
    REGISTERING("Registering with Hub"),
    /** Hub method only: the hub refused the registration or could not be reached. */
    HUB_REGISTRATION_FAILED("Disabled, could not register with Hub"),
    /** {@code FEDERATION_Enabled} is false. */
    DISABLED("Disabled"),
    /** Enabled, and found by DNS or registered with the hub. */
    RUNNING("Running");

    private final String wire;

    FederationStatus(String wire) {
        this.wire = wire;
    }

    /** The text stored in {@code FEDERATION_Status}. */
    public String wire() {
        return wire;
    }

    /** The status a stored text names; empty for anything else (an old or foreign database). */
    public static Optional<FederationStatus> fromWire(String text) {
        return Arrays.stream(values()).filter(s -> s.wire.equals(text)).findFirst();
    }
}
