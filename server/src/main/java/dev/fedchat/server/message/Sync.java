package dev.fedchat.server.message;

import java.util.List;

/** A room's changes after a point in time: messages created or changed, and messages deleted. */
public record Sync(List<Message> updated, List<Deletion> deleted) {
    /** The most of each a single sync returns; a client that gets this many syncs again from the last one. */
    public static final int MAX = 1000;

    public record Deletion(String messageId, long deletedAt) {}
}
