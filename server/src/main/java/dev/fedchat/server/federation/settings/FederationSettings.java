package dev.fedchat.server.federation.settings;

import dev.fedchat.server.settings.SettingDefinition;
import java.util.List;

/**
 * Rocket.Chat's federation settings (federation-protocol.md §1.1), readable and writable through
 * the settings API and {@code OVERWRITE_SETTING_*} like every other setting. The public key is
 * read-only: the server writes it from its key pair. The status setting and the state machine
 * behind it come with the rest of issue 3.
 */
public final class FederationSettings {
    public static final String ENABLED = "FEDERATION_Enabled";
    public static final String DOMAIN = "FEDERATION_Domain";
    public static final String PUBLIC_KEY = "FEDERATION_Public_Key";
    public static final String DISCOVERY_METHOD = "FEDERATION_Discovery_Method";
    public static final String HUB_URL = "FEDERATION_Hub_URL";

    private FederationSettings() {}

    public static List<SettingDefinition> definitions() {
        return List.of(
                SettingDefinition.bool(ENABLED, false, true),
                SettingDefinition.string(DOMAIN, "", false),
                new SettingDefinition(PUBLIC_KEY, SettingDefinition.Type.STRING, "", List.of(), false, true),
                SettingDefinition.select(DISCOVERY_METHOD, "dns", List.of("dns", "hub"), true),
                SettingDefinition.string(HUB_URL, "", false));
    }
}
