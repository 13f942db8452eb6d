package dev.fedchat.server.room;

import dev.fedchat.server.user.User;
import java.util.Optional;

/**
 * Public channels of other servers (issue 13 §2), as the room package needs them: joining one is
 * asking its origin, which adds the user and sends the room. Federation implements it; a small
 * seam so the room package does not depend on federation, like {@link UserLookup}.
 */
public interface RemoteChannels {
    /**
     * Asks {@code origin} to add {@code user} (one of ours) to its open channel {@code roomRef} (its
     * id, or its name there); returns the channel as the origin describes it. The room itself
     * arrives with the origin's events.
     */
    Room askToJoin(User user, String origin, String roomRef);

    /** The origin of a channel of another server that a directory search here listed lately. */
    Optional<String> listedOrigin(String roomId);

    /**
     * Whether one of our users asked {@code origin} to join its channel {@code roomId} lately: only
     * then is its genesis of a public channel kept as a channel here, readable by all our users;
     * otherwise a peer could put channels into our directory at will.
     */
    boolean joinAsked(String roomId, String origin);

    /** Whether {@code domain} has shown it is a fedchat server (Rocket.Chat's federation had no public channels). */
    boolean takesPublicChannels(String domain);

    /** No federation: no channel of another server can be joined. */
    RemoteChannels NONE = new RemoteChannels() {
        @Override
        public Room askToJoin(User user, String origin, String roomRef) {
            throw RoomService.invalidRoom();
        }

        @Override
        public Optional<String> listedOrigin(String roomId) {
            return Optional.empty();
        }

        @Override
        public boolean joinAsked(String roomId, String origin) {
            return false;
        }

        @Override
        public boolean takesPublicChannels(String domain) {
            return false;
        }
    };
}
