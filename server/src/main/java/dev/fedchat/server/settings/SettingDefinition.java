package dev.fedchat.server.settings;

import java.util.List;

/**
 * One known setting: Rocket.Chat's id, its type, default, and who may see it.
 *
 * @param choices    allowed values of a {@link Type#SELECT} setting, empty otherwise
 * @param isPublic   listed by {@code settings.public} without login
 * @param readOnly   shown to admins but only the server changes it
 */
public record SettingDefinition(String id, Type type, Object defaultValue, List<String> choices,
                                boolean isPublic, boolean readOnly) {

    public enum Type { STRING, BOOLEAN, INT, SELECT }

    public static SettingDefinition string(String id, String value, boolean isPublic) {
        return new SettingDefinition(id, Type.STRING, value, List.of(), isPublic, false);
    }

    public static SettingDefinition bool(String id, boolean value, boolean isPublic) {
        return new SettingDefinition(id, Type.BOOLEAN, value, List.of(), isPublic, false);
    }

    public static SettingDefinition integer(String id, long value, boolean isPublic) {
        return new SettingDefinition(id, Type.INT, value, List.of(), isPublic, false);
    }

    public static SettingDefinition select(String id, String value, List<String> choices, boolean isPublic) {
        return new SettingDefinition(id, Type.SELECT, value, List.copyOf(choices), isPublic, false);
    }

    /** The Rocket.Chat type name shown by the settings API. */
    public String wireType() {
        return switch (type) {
            case STRING -> "string";
            case BOOLEAN -> "boolean";
            case INT -> "int";
            case SELECT -> "select";
        };
    }
}
