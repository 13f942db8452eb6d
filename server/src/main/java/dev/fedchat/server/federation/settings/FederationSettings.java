package dev.fedchat.server.federation.settings;

import dev.fedchat.protocol.discovery.DnsRecordsException;
import dev.fedchat.protocol.discovery.FederationDomain;
import dev.fedchat.protocol.discovery.HttpUrls;
import dev.fedchat.server.settings.SettingDefinition;
import java.util.List;
import java.util.Optional;

/**
 * Rocket.Chat's federation settings (federation-protocol.md §1.1), readable and writable through
 * the settings API and {@code OVERWRITE_SETTING_*} like every other setting. The public key, the
 * status and the status reason are read-only: the server writes them (the key from its key pair,
 * the status from {@code federation.status.FederationStatusService}). A domain or hub URL that
 * cannot work is refused when saved, with the reason, and changes nothing (Rocket.Chat stored any
 * text); forced at start ({@code OVERWRITE_SETTING_*}) it stops the start; one stored before this
 * check existed is read as it is, and the status says what to fix.
 */
public final class FederationSettings {
    public static final String ENABLED = "FEDERATION_Enabled";
    /** One of the status strings of Rocket.Chat's documentation (seed-rocketchat-federation.md). */
    public static final String STATUS = "FEDERATION_Status";
    /**
     * Ours, not Rocket.Chat's: why the status is a failure, so an admin sees what to fix; or, running
     * through a hub, what the hub said of the registration (a confirmation link mailed to the
     * webmaster: the hub lists the server only once it is confirmed); empty otherwise.
     */
    public static final String STATUS_REASON = "FEDERATION_Status_Reason";
    public static final String DOMAIN = "FEDERATION_Domain";
    public static final String PUBLIC_KEY = "FEDERATION_Public_Key";
    public static final String DISCOVERY_METHOD = "FEDERATION_Discovery_Method";
    public static final String HUB_URL = "FEDERATION_Hub_URL";
    /** Ours: serve files only to peers that prove their domain with a signature (fedchat peers); off keeps Rocket.Chat peers working. */
    public static final String UPLOADS_REQUIRE_PROOF = "FEDERATION_Uploads_Require_Proof";

    private FederationSettings() {}

    public static List<SettingDefinition> definitions() {
        return List.of(
                SettingDefinition.bool(ENABLED, false, true),
                readOnly(STATUS, "Disabled"),
                readOnly(STATUS_REASON, ""),
                // refused when saved, so a typo never stops federation; empty is allowed: the status then says to set it
                SettingDefinition.string(DOMAIN, "", false).checkedBy(FederationSettings::domainProblem),
                readOnly(PUBLIC_KEY, ""),
                SettingDefinition.select(DISCOVERY_METHOD, "dns", List.of("dns", "hub"), true),
                SettingDefinition.string(HUB_URL, "", false).checkedBy(FederationSettings::hubUrlProblem),
                SettingDefinition.bool(UPLOADS_REQUIRE_PROOF, false, false));
    }

    /** Shown to admins by the settings API, written only by the server. */
    private static SettingDefinition readOnly(String id, String value) {
        return new SettingDefinition(id, SettingDefinition.Type.STRING, value, List.of(), false, true,
                SettingDefinition.TextRule.ANY);
    }

    private static Optional<String> domainProblem(String text) {
        if (text.isBlank()) {
            return Optional.empty();
        }
        try {
            FederationDomain.parse(text);
            return Optional.empty();
        } catch (DnsRecordsException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static Optional<String> hubUrlProblem(String text) {
        return text.isBlank() || HttpUrls.parse(text).isPresent() ? Optional.empty()
                : Optional.of(HUB_URL + " '" + text.trim() + "' is not an http(s) URL such as https://hub.example.org");
    }
}
