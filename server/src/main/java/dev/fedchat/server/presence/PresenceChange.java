package dev.fedchat.server.presence;

import dev.fedchat.server.user.User;

/** A user's shown status or text changed; {@code local} is false when a peer told us of its own user. */
public record PresenceChange(User user, Presence presence, boolean local) {}
