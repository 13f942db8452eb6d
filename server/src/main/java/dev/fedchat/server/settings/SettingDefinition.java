package dev.fedchat.server.settings;

import java.util.List;
import java.util.Optional;

/**
 * One known setting: Rocket.Chat's id, its type, default, and who may see it.
 *
 * @param choices    allowed values of a {@link Type#SELECT} setting, empty otherwise
 * @param isPublic   listed by {@code settings.public} without login
 * @param readOnly   shown to admins but only the server changes it
 * @param rule       what a text value must be beyond its type; an admin's value that breaks it is refused
 */
public record SettingDefinition(String id, Type type, Object defaultValue, List<String> choices,
                                boolean isPublic, boolean readOnly, TextRule rule) {

    public enum Type { STRING, BOOLEAN, INT, SELECT }

    /** A check of a text setting's value: what is wrong with it, in words naming the setting; empty when fine. */
    @FunctionalInterface
    public interface TextRule {
        TextRule ANY = text -> Optional.empty();

        Optional<String> problem(String text);
    }

    public static SettingDefinition string(String id, String value, boolean isPublic) {
        return new SettingDefinition(id, Type.STRING, value, List.of(), isPublic, false, TextRule.ANY);
    }

    public static SettingDefinition bool(String id, boolean value, boolean isPublic) {
        return new SettingDefinition(id, Type.BOOLEAN, value, List.of(), isPublic, false, TextRule.ANY);
    }

    public static SettingDefinition integer(String id, long value, boolean isPublic) {
        return new SettingDefinition(id, Type.INT, value, List.of(), isPublic, false, TextRule.ANY);
    }

    public static SettingDefinition select(String id, String value, List<String> choices, boolean isPublic) {
        return new SettingDefinition(id, Type.SELECT, value, List.copyOf(choices), isPublic, false, TextRule.ANY);
    }

    /** This text setting, refusing the values {@code rule} finds a problem with. */
    public SettingDefinition checkedBy(TextRule rule) {
        return new SettingDefinition(id, type, defaultValue, choices, isPublic, readOnly, rule);
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
