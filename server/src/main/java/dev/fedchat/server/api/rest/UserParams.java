package dev.fedchat.server.api.rest;

import dev.fedchat.server.error.RcException;
import dev.fedchat.server.user.User;
import dev.fedchat.server.user.UserService;

/** Rocket.Chat's getUserFromParams: the user a request names by {@code userId}, else {@code username}. */
final class UserParams {
    private UserParams() {}

    static User require(UserService users, String userId, String username) {
        if (userId != null && !userId.isBlank()) {
            return users.requireById(userId);
        }
        if (username != null && !username.isBlank()) {
            return users.requireByUsername(username);
        }
        throw RcException.invalid("error-user-param-not-provided", "The required \"userId\" or \"username\" param was not provided");
    }
}
