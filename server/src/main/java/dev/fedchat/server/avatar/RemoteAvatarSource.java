package dev.fedchat.server.avatar;

import dev.fedchat.server.user.User;

/**
 * Where the pictures of other servers' users come from (federation fetches them from their home
 * servers). {@link #wanted} is called on a page view and must return at once: it may start a
 * fetch in the background, at most once in a while per user, never one per view.
 */
public interface RemoteAvatarSource {
    void wanted(User remoteUser);

    /** For a server without federation. */
    RemoteAvatarSource NONE = user -> {};
}
