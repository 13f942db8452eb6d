package dev.fedchat.server.user;

import java.util.Locale;
import java.util.Optional;

/**
 * Which users a search covers, Rocket.Chat's {@code workspace} parameter of {@code directory}
 * (client-api.md §2.7, federation-protocol.md §10): this server's own users, the users of other
 * servers already known here, or both.
 */
public enum UserScope {
    LOCAL("local"),
    EXTERNAL("external"),
    ALL("all");

    private final String wire;

    UserScope(String wire) {
        this.wire = wire;
    }

    /** The value as Rocket.Chat clients send it, and as the user DAO binds it. */
    public String wire() {
        return wire;
    }

    /** Reads {@code workspace}; absent means {@code local}, Rocket.Chat's default; empty when unknown. */
    public static Optional<UserScope> parse(String workspace) {
        if (workspace == null || workspace.isBlank()) {
            return Optional.of(LOCAL);
        }
        String w = workspace.strip().toLowerCase(Locale.ROOT);
        for (UserScope s : values()) {
            if (s.wire.equals(w)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
