package dev.fedchat.server.message;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A message as stored.
 *
 * @param type      Rocket.Chat's {@code t} for system messages; null for a chat message
 * @param tmid      the thread parent, if any
 * @param reactions emoji (":smile:") to the usernames who reacted, in reaction order
 * @param extra     the optional fields kept as the client sent them or as the server built them:
 *                  {@code attachments, file, files, alias, emoji, avatar, customFields}
 * @param thread    the thread this message starts, counted here ({@link Thread#NONE} when it has none)
 * @param pin       who pinned it in its room and when; null when it is not pinned
 * @param starredBy the ids of the users of this server who starred it, in starring order
 */
public record Message(
        String id,
        String roomId,
        String userId,
        String username,
        String userName,
        String msg,
        String type,
        String tmid,
        List<Mention> mentions,
        Map<String, List<String>> reactions,
        Map<String, Object> extra,
        long ts,
        long updatedAt,
        Long editedAt,
        String editedById,
        String editedByName,
        Thread thread,
        Pin pin,
        List<String> starredBy) {

    /** A mentioned user, or {@code all}/{@code here}. */
    public record Mention(String id, String username, String name) {}

    /**
     * The thread a message starts: how many replies this server holds, the {@code ts} of the latest
     * (null without replies) and who follows it (user ids, in the order they began to).
     */
    public record Thread(int count, Long lastReplyAt, List<String> followers) {
        public static final Thread NONE = new Thread(0, null, List.of());

        public Thread {
            followers = List.copyOf(followers);
        }

        public boolean isEmpty() {
            return count == 0 && followers.isEmpty();
        }

        /** The thread with {@code userId} following it or not. */
        public Thread followedBy(String userId, boolean follows) {
            List<String> changed = new java.util.ArrayList<>(followers);
            changed.remove(userId);
            if (follows) {
                changed.add(userId);
            }
            return new Thread(count, lastReplyAt, changed);
        }
    }

    /** A message pinned in its room: when, and by whom (qualified when a user of another server). */
    public record Pin(long at, String byId, String byUsername) {}

    public Message {
        mentions = List.copyOf(mentions);
        starredBy = List.copyOf(starredBy);
        // insertion order matters to clients (reaction order, attachment fields), so no Map.copyOf
        reactions = Collections.unmodifiableMap(new LinkedHashMap<>(reactions));
        extra = Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    public Message edited(String text, List<Mention> newMentions, long at, String byId, String byName) {
        return new Message(id, roomId, userId, username, userName, text, type, tmid, newMentions, reactions, extra,
                ts, at, at, byId, byName, thread, pin, starredBy);
    }

    /** This message with the mentions this server read from its text. */
    public Message withMentions(List<Mention> newMentions) {
        return new Message(id, roomId, userId, username, userName, msg, type, tmid, newMentions, reactions, extra,
                ts, updatedAt, editedAt, editedById, editedByName, thread, pin, starredBy);
    }

    /** This message with its thread as it is now; {@code at} its new {@code _updatedAt}. */
    public Message withThread(Thread newThread, long at) {
        return new Message(id, roomId, userId, username, userName, msg, type, tmid, mentions, reactions, extra,
                ts, at, editedAt, editedById, editedByName, newThread, pin, starredBy);
    }

    /** This message pinned ({@code newPin}) or unpinned (null); {@code at} its new {@code _updatedAt}. */
    public Message withPin(Pin newPin, long at) {
        return new Message(id, roomId, userId, username, userName, msg, type, tmid, mentions, reactions, extra,
                ts, at, editedAt, editedById, editedByName, thread, newPin, starredBy);
    }

    /** This message with {@code starrerId}'s star set or not; {@code at} its new {@code _updatedAt}. */
    public Message withStar(String starrerId, boolean starred, long at) {
        List<String> changed = new java.util.ArrayList<>(starredBy);
        changed.remove(starrerId);
        if (starred) {
            changed.add(starrerId);
        }
        return new Message(id, roomId, userId, username, userName, msg, type, tmid, mentions, reactions, extra,
                ts, at, editedAt, editedById, editedByName, thread, pin, changed);
    }

    /** True when {@code username} has reacted with {@code emoji}. */
    public boolean hasReaction(String emoji, String username) {
        return reactions.getOrDefault(emoji, List.of()).contains(username);
    }

    /**
     * This message with {@code username}'s {@code emoji} reaction added or removed (set semantics);
     * an emoji nobody uses any more is dropped.
     */
    public Message withReaction(String emoji, String username, boolean add, long at) {
        Map<String, List<String>> changed = new LinkedHashMap<>(reactions);
        List<String> names = new java.util.ArrayList<>(changed.getOrDefault(emoji, List.of()));
        names.remove(username);
        if (add) {
            names.add(username);
        }
        if (names.isEmpty()) {
            changed.remove(emoji);
        } else {
            changed.put(emoji, names);
        }
        return withReactions(changed, at);
    }

    /** This message with other optional fields (a peer's file fields pointing at our copy of the file, say). */
    public Message withExtra(Map<String, Object> newExtra) {
        return new Message(id, roomId, userId, username, userName, msg, type, tmid, mentions, reactions, newExtra,
                ts, updatedAt, editedAt, editedById, editedByName, thread, pin, starredBy);
    }

    public Message withReactions(Map<String, List<String>> newReactions, long at) {
        return new Message(id, roomId, userId, username, userName, msg, type, tmid, mentions, newReactions, extra,
                ts, at, editedAt, editedById, editedByName, thread, pin, starredBy);
    }
}
