package dev.fedchat.server.room;

/**
 * A room as stored. {@code type} is Rocket.Chat's {@code t}: {@code c} public channel,
 * {@code p} private group, {@code d} direct message (no name; its id is the member ids sorted
 * and joined).
 */
public record Room(
        String id,
        String type,
        String name,
        String nameKey,
        String ownerId,
        String ownerUsername,
        boolean readOnly,
        String topic,
        int messageCount,
        String lastMessageId,
        Long lastMessageAt,
        long createdAt,
        long updatedAt) {

    public static final String CHANNEL = "c";
    public static final String GROUP = "p";
    public static final String DIRECT = "d";

    public boolean isPublic() {
        return CHANNEL.equals(type);
    }

    public boolean isDirect() {
        return DIRECT.equals(type);
    }
}
