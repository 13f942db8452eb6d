package dev.fedchat.server.avatar;

/** A user's picture as kept: a PNG this server encoded, and the tag that changes with it. */
public record StoredAvatar(String userId, String etag, byte[] image, long updatedAt) {}
