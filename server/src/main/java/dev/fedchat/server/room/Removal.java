package dev.fedchat.server.room;

/** A subscription that ended at {@code removedAt} (epoch ms): the user left, was kicked, or the room was deleted. */
public record Removal(String subscriptionId, String roomId, String userId, long removedAt) {}
