package dev.fedchat.server.api.rest;

import dev.fedchat.server.api.view.UserViews;
import dev.fedchat.server.auth.AccountService;
import dev.fedchat.server.error.RcException;
import dev.fedchat.server.user.User;
import dev.fedchat.server.user.UserService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;

/**
 * Profiles and accounts (Rocket.Chat's api/v1/users.ts): {@code users.updateOwnBasicInfo} (the
 * caller; {@code data.currentPassword} is the SHA-256 hex digest of the current password, needed
 * for a new e-mail or password), and for admins {@code users.update}, {@code users.setActiveStatus}
 * and {@code users.delete}. The rules are {@link AccountService}'s.
 */
final class AccountRoutes {
    private final AccountService accounts;
    private final UserService users;
    private final Auth auth;
    private final RequestReader reader;

    private final UserViews userViews;

    AccountRoutes(AccountService accounts, UserService users, Auth auth, RequestReader reader, UserViews userViews) {
        this.userViews = userViews;
        this.accounts = accounts;
        this.users = users;
        this.auth = auth;
        this.reader = reader;
    }

    void install(RoutesConfig routes) {
        routes.post("/api/v1/users.updateOwnBasicInfo", this::updateOwnBasicInfo);
        routes.post("/api/v1/users.update", this::update);
        routes.post("/api/v1/users.setActiveStatus", this::setActiveStatus);
        routes.post("/api/v1/users.delete", this::delete);
    }

    private void updateOwnBasicInfo(Context ctx) {
        User caller = auth.require(ctx);
        RequestBody data = data(reader.body(ctx));
        User after = accounts.updateOwn(caller, ctx.header("X-Auth-Token"), new AccountService.BasicInfo(
                data.optString("name"), data.optString("email"), data.optString("username"),
                data.optString("currentPassword"), data.optString("newPassword")));
        Replies.ok(ctx, Replies.of("user", userViews.me(after)));
    }

    private void update(Context ctx) {
        User admin = auth.requireAdmin(ctx);
        RequestBody body = reader.body(ctx);
        String userId = body.string("userId");
        RequestBody data = data(body);
        User after = accounts.update(admin, userId, new AccountService.Changes(data.optString("name"),
                data.optString("email"), data.optString("username"), data.optString("password"),
                data.has("roles") ? data.strings("roles") : null, data.optBool("active")));
        Replies.ok(ctx, Replies.of("user", userViews.brief(after)));
    }

    private void setActiveStatus(Context ctx) {
        User admin = auth.requireAdmin(ctx);
        RequestBody body = reader.body(ctx);
        String userId = body.string("userId");
        Boolean active = body.optBool("activeStatus");
        if (active == null) {
            throw RcException.invalidParams("The body parameter 'activeStatus' (true or false) is required");
        }
        User after = accounts.setActive(admin, userId, active);
        Replies.ok(ctx, Replies.of("user", Map.of("_id", after.id(), "active", after.active())));
    }

    private void delete(Context ctx) {
        User admin = auth.requireAdmin(ctx);
        RequestBody body = reader.body(ctx);
        User target = UserParams.require(users, body.optString("userId"), body.optString("username"));
        accounts.delete(admin, target.id());
        Replies.ok(ctx);
    }

    private static RequestBody data(RequestBody body) {
        return body.object("data");
    }
}
