package dev.fedchat.server.room;

/**
 * A room as stored. {@code type} is Rocket.Chat's {@code t}: {@code c} public channel,
 * {@code p} private group, {@code d} direct message (no name; its id is the member ids sorted
 * and joined). {@code federation} is null for a room of this server only. {@code topic},
 * {@code announcement} and {@code description} are null when never set (Rocket.Chat leaves them out).
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
        String announcement,
        String description,
        int messageCount,
        String lastMessageId,
        Long lastMessageAt,
        long createdAt,
        long updatedAt,
        RoomFederation federation) {

    public static final String CHANNEL = "c";
    public static final String GROUP = "p";
    public static final String DIRECT = "d";

    public boolean isPublic() {
        return CHANNEL.equals(type);
    }

    public boolean isDirect() {
        return DIRECT.equals(type);
    }

    /** True when another server takes part: changes to it become federation events. */
    public boolean isFederated() {
        return federation != null && federation.spansOtherDomains();
    }

    public String federationOrigin() {
        return federation == null ? null : federation.origin();
    }

    public String federationDomainsJson() {
        return federation == null ? null : federation.domainsJson();
    }

    /** The room as {@code RoomDao.recordMessage} leaves it after message {@code messageId} of {@code ts}. */
    public Room afterMessage(String messageId, long ts) {
        return new Room(id, type, name, nameKey, ownerId, ownerUsername, readOnly, topic, announcement, description,
                messageCount + 1, messageId, ts, createdAt, ts, federation);
    }

    public Room withFederation(RoomFederation newFederation) {
        return new Room(id, type, name, nameKey, ownerId, ownerUsername, readOnly, topic, announcement, description,
                messageCount, lastMessageId, lastMessageAt, createdAt, updatedAt, newFederation);
    }

    /** This room with {@code settings} (its name, topic, announcement, description and read-only flag). */
    public Room withSettings(RoomSettings settings, long at) {
        return new Room(id, type, settings.name(), settings.name() == null ? null : settings.name().toLowerCase(java.util.Locale.ROOT),
                ownerId, ownerUsername, settings.readOnly(), settings.topic(), settings.announcement(), settings.description(),
                messageCount, lastMessageId, lastMessageAt, createdAt, at, federation);
    }

    public RoomSettings settings() {
        return new RoomSettings(name, topic, announcement, description, readOnly);
    }
}
