package dev.fedchat.server.user;

import java.util.Arrays;
import java.util.List;

/**
 * A user of this workspace as stored.
 *
 * <p>A user of another server (federation-protocol.md §8.1) is stored like any other: its
 * qualified username ({@code bob@beta.test}) is unique like every username, its {@code id} is the
 * one its home server gave it (Rocket.Chat peers share user ids), and it has no e-mail (its real
 * one is never sent) and no password, so it cannot log in here.
 *
 * @param roles            comma-separated global roles ({@code user}, {@code admin})
 * @param passwordHash     bcrypt of the hex SHA-256 of the password; null when the user cannot log in
 * @param federationOrigin the domain of the user's home server; null for a user of this server
 * @param avatarEtag       changes with the user's picture (Rocket.Chat's {@code avatarETag}); null: the initials
 */
public record User(
        String id,
        String username,
        String usernameKey,
        String name,
        String email,
        String emailKey,
        String passwordHash,
        String roles,
        boolean active,
        long createdAt,
        long updatedAt,
        String federationOrigin,
        String avatarEtag) {

    public static final String ROLE_USER = "user";
    public static final String ROLE_ADMIN = "admin";

    public List<String> roleList() {
        return roles.isEmpty() ? List.of() : Arrays.asList(roles.split(","));
    }

    public boolean isAdmin() {
        return roleList().contains(ROLE_ADMIN);
    }

    /** True for a user of another server, imported through federation. */
    public boolean isRemote() {
        return federationOrigin != null;
    }

    public boolean canLogIn() {
        return active && passwordHash != null;
    }

    public static String key(String usernameOrEmail) {
        return usernameOrEmail == null ? null : usernameOrEmail.toLowerCase(java.util.Locale.ROOT);
    }
}
