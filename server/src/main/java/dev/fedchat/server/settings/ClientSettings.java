package dev.fedchat.server.settings;

import dev.fedchat.server.Ids;
import java.util.List;

/**
 * Public settings Rocket.Chat's own clients read to decide what to show (the mobile app's
 * {@code defaultSettings.ts}; docs/mobile-app.md lists which screen reads which). Each says what
 * fedchat does, so the app neither hides what works nor offers what the server refuses.
 *
 * <p>Most are read-only: they describe a feature fedchat has or lacks, which an admin cannot switch
 * (turning {@code LDAP_Enable} on would make the app send LDAP logins nobody answers). The ones an
 * admin may change only shape the clients' display ({@code Message_GroupingPeriod}, time formats,
 * real names, screen lock) or choose between two ways fedchat serves alike
 * ({@code API_Use_REST_For_DDP_Calls}). Settings of the features themselves (pinning, starring,
 * editing) live in {@link Settings} beside the code they switch.
 */
public final class ClientSettings {
    public static final String UNIQUE_ID = "uniqueID";
    public static final String USE_REST_FOR_DDP_CALLS = "API_Use_REST_For_DDP_Calls";
    /** Meteor's {@code Random.id()} length, the shape of Rocket.Chat's workspace id. */
    private static final int UNIQUE_ID_LENGTH = 17;

    private ClientSettings() {}

    public static List<SettingDefinition> definitions() {
        return List.of(
                // the workspace's id: the app sends it to Rocket.Chat's cloud asking which versions are supported
                fixed(SettingDefinition.string(UNIQUE_ID, "", true)),
                SettingDefinition.bool(USE_REST_FOR_DDP_CALLS, true, true),
                // login and registration: the password form is the only way in
                fixed(SettingDefinition.bool("Accounts_ShowFormLogin", true, true)),
                fixed(SettingDefinition.bool("Accounts_PasswordReset", false, true)),
                fixed(SettingDefinition.bool("Accounts_EmailVerification", false, true)),
                fixed(SettingDefinition.bool("Accounts_ManuallyApproveNewUsers", false, true)),
                fixed(SettingDefinition.bool("Accounts_iframe_enabled", false, true)),
                fixed(SettingDefinition.bool("Accounts_AllowDeleteOwnAccount", false, true)),
                fixed(SettingDefinition.bool("LDAP_Enable", false, true)),
                fixed(SettingDefinition.bool("CROWD_Enable", false, true)),
                fixed(SettingDefinition.bool("CAS_enabled", false, true)),
                SettingDefinition.string("Accounts_EmailOrUsernamePlaceholder", "", true),
                SettingDefinition.string("Accounts_PasswordPlaceholder", "", true),
                SettingDefinition.string("Accounts_RegistrationForm_LinkReplacementText", "", true),
                // messages and rooms
                // threads are always on here; pinning and starring are Settings' own, admins may switch them
                fixed(SettingDefinition.bool("Threads_enabled", true, true)),
                fixed(SettingDefinition.integer("Message_AllowDeleting_BlockDeleteInMinutes", 0, true)),
                fixed(SettingDefinition.bool("Message_Read_Receipt_Enabled", false, true)),
                fixed(SettingDefinition.bool("Store_Last_Message", true, true)),
                fixed(SettingDefinition.bool("UI_Allow_room_names_with_special_chars", false, true)),
                fixed(SettingDefinition.bool("AutoTranslate_Enabled", false, true)),
                fixed(SettingDefinition.bool("API_Embed", false, true)),
                SettingDefinition.bool("Message_AudioRecorderEnabled", true, true),
                SettingDefinition.integer("Message_GroupingPeriod", 300, true),
                SettingDefinition.string("Message_TimeFormat", "LT", true),
                SettingDefinition.string("Message_TimeAndDateFormat", "LLL", true),
                SettingDefinition.bool("UI_Use_Real_Name", false, true),
                SettingDefinition.select("Accounts_Directory_DefaultView", "channels", List.of("channels", "users"), true),
                SettingDefinition.integer("Number_of_users_autocomplete_suggestions", 5, true),
                // files: every type is accepted (fedchat checks size, not type), no CDN in front
                fixed(SettingDefinition.string("FileUpload_MediaTypeWhiteList", "", true)),
                fixed(SettingDefinition.string("CDN_PREFIX", "", true)),
                SettingDefinition.bool("Allow_Save_Media_to_Gallery", true, true),
                // features fedchat does not have: end-to-end encryption, calls, omnichannel, Matrix
                fixed(SettingDefinition.bool("E2E_Enable", false, true)),
                fixed(SettingDefinition.bool("Jitsi_Enabled", false, true)),
                fixed(SettingDefinition.bool("VideoConf_Enable_DMs", false, true)),
                fixed(SettingDefinition.bool("VideoConf_Enable_Channels", false, true)),
                fixed(SettingDefinition.bool("VideoConf_Enable_Groups", false, true)),
                fixed(SettingDefinition.bool("VideoConf_Enable_Teams", false, true)),
                fixed(SettingDefinition.bool("Canned_Responses_Enable", false, true)),
                fixed(SettingDefinition.bool("Federation_Service_Enabled", false, true)),
                fixed(SettingDefinition.bool("Federation_Matrix_enabled", false, true)),
                // the device's own lock screen, which the app enforces
                SettingDefinition.bool("Force_Screen_Lock", false, true),
                SettingDefinition.integer("Force_Screen_Lock_After", 1800, true));
    }

    /** Gives the workspace its id on first start; an existing id is kept across restarts. */
    public static void ensureUniqueId(SettingsService settings, Ids ids) {
        if (settings.string(UNIQUE_ID).isEmpty()) {
            settings.setInternal(UNIQUE_ID, ids.secret(UNIQUE_ID_LENGTH));
        }
    }

    private static SettingDefinition fixed(SettingDefinition d) {
        return new SettingDefinition(d.id(), d.type(), d.defaultValue(), d.choices(), d.isPublic(), true, d.rule());
    }
}
