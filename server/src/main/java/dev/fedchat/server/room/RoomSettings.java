package dev.fedchat.server.room;

/**
 * What Rocket.Chat's {@code saveRoomSettings} changes of a room here: its name, topic,
 * announcement, description and read-only flag. Null texts are unset (Rocket.Chat leaves them out
 * of the room); a direct message has no name.
 */
public record RoomSettings(String name, String topic, String announcement, String description, boolean readOnly) {
    /** The longest topic, announcement or description: the width of their columns. */
    public static final int MAX_TEXT = 1024;
}
