package dev.fedchat.server.user;

import java.util.Arrays;
import java.util.List;

/**
 * A user of this workspace as stored.
 *
 * @param roles        comma-separated global roles ({@code user}, {@code admin})
 * @param passwordHash bcrypt of the hex SHA-256 of the password; null when the user cannot log in
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
        long updatedAt) {

    public static final String ROLE_USER = "user";
    public static final String ROLE_ADMIN = "admin";

    public List<String> roleList() {
        return roles.isEmpty() ? List.of() : Arrays.asList(roles.split(","));
    }

    public boolean isAdmin() {
        return roleList().contains(ROLE_ADMIN);
    }

    public boolean canLogIn() {
        return active && passwordHash != null;
    }

    public static String key(String usernameOrEmail) {
        return usernameOrEmail == null ? null : usernameOrEmail.toLowerCase(java.util.Locale.ROOT);
    }
}
