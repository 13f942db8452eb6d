package dev.fedchat.server.presence;

import dev.fedchat.server.room.Room;
import dev.fedchat.server.user.User;
import java.util.List;
import java.util.Map;

/**
 * Someone in a room is typing (or stopped: no activities). Never stored.
 *
 * @param activities    Rocket.Chat's activity names ({@code user-typing}, {@code user-recording}, ...); empty: stopped
 * @param extras        the client's extras ({@code tmid} of the thread typed in), passed on as given, bounded
 * @param fromSessionId the DDP session that typed, which does not hear its own typing back; null from a peer
 * @param local         false when a peer told us of its own user
 */
public record TypingEvent(Room room, User user, List<String> activities, Map<String, Object> extras,
                          String fromSessionId, boolean local) {
    public static final String TYPING = "user-typing";

    public boolean typing() {
        return activities.contains(TYPING);
    }
}
