package dev.fedchat.server.api.rest;

import dev.fedchat.server.auth.AuthService;
import dev.fedchat.server.error.RcException;
import dev.fedchat.server.user.User;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * Resolves the caller of a REST request from {@code X-User-Id} and {@code X-Auth-Token}
 * (client-api.md §1). The result is kept on the request so a handler may ask twice.
 */
final class Auth {
    private static final String ATTRIBUTE = "fedchat.user";

    private final AuthService auth;

    Auth(AuthService auth) {
        this.auth = auth;
    }

    /** The caller, or 401. */
    User require(Context ctx) {
        return optional(ctx).orElseThrow(RcException::unauthorized);
    }

    /** The caller, who must be an admin: 401 when not logged in, 403 otherwise. */
    User requireAdmin(Context ctx) {
        User user = require(ctx);
        if (!user.isAdmin()) {
            throw RcException.forbidden();
        }
        return user;
    }

    Optional<User> optional(Context ctx) {
        User cached = ctx.attribute(ATTRIBUTE);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<User> user = auth.authenticate(ctx.header("X-User-Id"), ctx.header("X-Auth-Token"));
        user.ifPresent(u -> ctx.attribute(ATTRIBUTE, u));
        return user;
    }

    /** For file downloads: headers, then the {@code rc_uid}/{@code rc_token} cookies, then query parameters. */
    Optional<User> fromAnyCredential(Context ctx) {
        Optional<User> user = optional(ctx);
        if (user.isEmpty()) {
            user = auth.authenticate(ctx.cookie("rc_uid"), ctx.cookie("rc_token"));
        }
        if (user.isEmpty()) {
            user = auth.authenticate(ctx.queryParam("rc_uid"), ctx.queryParam("rc_token"));
        }
        return user;
    }
}
