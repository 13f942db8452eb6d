package dev.fedchat.server.api.view;

import dev.fedchat.server.presence.PresenceService;
import dev.fedchat.server.user.User;
import java.util.Map;

/** {@link Views}' user shapes with each user's real presence ({@link PresenceService}) filled in. */
public final class UserViews {
    private final PresenceService presence;

    public UserViews(PresenceService presence) {
        this.presence = presence;
    }

    public Map<String, Object> me(User u) {
        return Views.me(u, presence.of(u));
    }

    public Map<String, Object> brief(User u) {
        return Views.brief(u, presence.of(u));
    }

    public Map<String, Object> listed(User u) {
        return Views.listed(u, presence.of(u));
    }

    public Map<String, Object> spotlighted(User u) {
        return Views.spotlighted(u, presence.of(u));
    }
}
