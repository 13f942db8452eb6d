package dev.fedchat.server.api.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.fedchat.server.error.RcException;
import dev.fedchat.server.room.RoomSettingsService.Change;
import java.util.Iterator;
import java.util.Set;

/**
 * Rocket.Chat's room settings by the names {@code rooms.saveRoomSettings} and the DDP method
 * {@code saveRoomSettings} take them (rest-typings' {@code RoomsSaveRoomSettingsProps}), read into
 * a {@link Change}: {@code roomName}, {@code roomTopic}, {@code roomAnnouncement},
 * {@code roomDescription}, {@code readOnly}. Rocket.Chat's other settings mean nothing here and are
 * refused with its {@code error-invalid-settings}, naming them; a name Rocket.Chat does not know is
 * refused as its body validation refuses it. Either way nothing is changed.
 */
public final class RoomSettingsRequest {
    private static final Set<String> SUPPORTED = Set.of("roomName", "roomTopic", "roomAnnouncement", "roomDescription",
            "readOnly");
    /** Rocket.Chat's other settings: known to its clients, without a meaning on this server. */
    private static final Set<String> ROCKET_CHAT_ONLY = Set.of("roomAvatar", "featured", "roomCustomFields", "roomType",
            "reactWhenReadOnly", "default", "tokenpass", "encrypted", "favorite", "systemMessages", "sysMes",
            "streamingOptions", "retentionEnabled", "retentionMaxAge", "retentionExcludePinned", "retentionFilesOnly",
            "retentionIgnoreThreads", "retentionOverrideGlobal", "joinCode", "roomSidepanel");

    private RoomSettingsRequest() {}

    /** The settings of {@code body}, a JSON object; {@code ignored} are its other fields (the room's id). */
    public static Change read(JsonNode body, Set<String> ignored) {
        if (body == null || !body.isObject()) {
            throw RcException.invalidParams("the settings must be an object");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (ignored.contains(name) || SUPPORTED.contains(name)) {
                continue;
            }
            if (ROCKET_CHAT_ONLY.contains(name)) {
                throw RcException.invalid("error-invalid-settings", "Invalid settings provided: " + name
                        + " is not a setting this server has");
            }
            throw RcException.invalidParams("must NOT have additional properties: " + name);
        }
        return new Change(text(body, "roomName"), text(body, "roomTopic"), text(body, "roomAnnouncement"),
                text(body, "roomDescription"), bool(body, "readOnly"));
    }

    /** The DDP method's older form, {@code saveRoomSettings(rid, setting, value)}: one setting. */
    public static Change one(String setting, JsonNode value) {
        return read(JsonNodeFactory.instance.objectNode().set(setting, value), Set.of());
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw RcException.invalidParams("'" + field + "' must be a string");
        }
        return v.textValue();
    }

    private static Boolean bool(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            throw RcException.invalidParams("'" + field + "' must be a boolean");
        }
        return v.booleanValue();
    }
}
