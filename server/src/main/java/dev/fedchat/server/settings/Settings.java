package dev.fedchat.server.settings;

import java.util.List;

/** The settings this workspace knows, with Rocket.Chat's ids. Federation adds its own later. */
public final class Settings {
    public static final String SITE_URL = "Site_Url";
    public static final String SITE_NAME = "Site_Name";
    public static final String FILE_MAX_SIZE = "FileUpload_MaxFileSize";
    public static final String FILE_PROTECT = "FileUpload_ProtectFiles";
    public static final String REGISTRATION_FORM = "Accounts_RegistrationForm";
    public static final String REGISTRATION_SECRET = "Accounts_RegistrationForm_SecretURL";
    public static final String ALLOW_EDITING = "Message_AllowEditing";
    public static final String EDIT_WINDOW_MINUTES = "Message_AllowEditing_BlockEditInMinutes";
    public static final String ALLOW_DELETING = "Message_AllowDeleting";
    public static final String MAX_MESSAGE_SIZE = "Message_MaxAllowedSize";
    public static final String ALLOW_PINNING = "Message_AllowPinning";
    public static final String ALLOW_STARRING = "Message_AllowStarring";

    private Settings() {}

    public static List<SettingDefinition> core() {
        return List.of(
                SettingDefinition.string(SITE_URL, "http://localhost:3000", true),
                SettingDefinition.string(SITE_NAME, "fedchat", true),
                SettingDefinition.integer(FILE_MAX_SIZE, 104_857_600, true),
                SettingDefinition.bool(FILE_PROTECT, true, true),
                SettingDefinition.select(REGISTRATION_FORM, "Public", List.of("Public", "Secret URL", "Disabled"), true),
                SettingDefinition.string(REGISTRATION_SECRET, "", false),
                SettingDefinition.bool(ALLOW_EDITING, true, true),
                SettingDefinition.integer(EDIT_WINDOW_MINUTES, 0, true),
                SettingDefinition.bool(ALLOW_DELETING, true, true),
                SettingDefinition.integer(MAX_MESSAGE_SIZE, 5000, true),
                SettingDefinition.bool(ALLOW_PINNING, true, true),
                SettingDefinition.bool(ALLOW_STARRING, true, true));
    }
}
