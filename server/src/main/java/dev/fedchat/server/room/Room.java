package dev.fedchat.server.room;

/**
 * A room as stored. {@code type} is Rocket.Chat's {@code t}: {@code c} public channel,
 * {@code p} private group, {@code d} direct message (no name; its id is the member ids sorted
 * and joined). {@code federation} is null for a room of this server only.
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
        return new Room(id, type, name, nameKey, ownerId, ownerUsername, readOnly, topic, messageCount + 1, messageId,
                ts, createdAt, ts, federation);
    }

    public Room withFederation(RoomFederation newFederation) {
        return new Room(id, type, name, nameKey, ownerId, ownerUsername, readOnly, topic, messageCount, lastMessageId,
                lastMessageAt, createdAt, updatedAt, newFederation);
    }
}
