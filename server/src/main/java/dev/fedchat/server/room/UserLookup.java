package dev.fedchat.server.room;

import dev.fedchat.server.user.User;
import java.util.Optional;

/**
 * Finds the users a room operation names: local users by name, and — with federation — users of
 * other servers by their qualified name ({@code bob@beta.test}), imported from their home server
 * on first use. Kept as a small seam so the room package does not depend on federation.
 */
@FunctionalInterface
public interface UserLookup {
    Optional<User> byUsername(String username);
}
