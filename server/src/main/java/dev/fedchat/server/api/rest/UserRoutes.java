package dev.fedchat.server.api.rest;

import dev.fedchat.server.api.view.UserViews;
import dev.fedchat.server.error.RcException;
import dev.fedchat.server.user.User;
import dev.fedchat.server.user.UserService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/**
 * {@code users.register}, {@code users.create}, {@code users.info} (client-api.md §2.2), and for
 * the admin console's user list, {@code users.list} (admins; every user, remote ones too, paged as
 * Rocket.Chat's lists are, without its {@code query}/{@code fields} filters).
 */
final class UserRoutes {
    private final UserService users;
    private final UserViews userViews;
    private final Auth auth;
    private final RequestReader reader;

    UserRoutes(UserService users, Auth auth, RequestReader reader, UserViews userViews) {
        this.userViews = userViews;
        this.users = users;
        this.auth = auth;
        this.reader = reader;
    }

    void install(RoutesConfig routes) {
        routes.post("/api/v1/users.register", this::register);
        routes.post("/api/v1/users.create", this::create);
        routes.get("/api/v1/users.info", this::info);
        routes.get("/api/v1/users.list", this::list);
    }

    private void list(Context ctx) {
        auth.requireAdmin(ctx);
        RequestReader.Page page = reader.page(ctx);
        List<Map<String, Object>> shown = users.list(page.count(), page.offset()).stream().map(userViews::brief).toList();
        Replies.ok(ctx, Replies.of("users", shown, "count", shown.size(), "offset", page.offset(), "total", users.count()));
    }

    private void register(Context ctx) {
        RequestBody body = reader.body(ctx);
        User user = users.register(new UserService.NewUser(body.string("username"), body.string("email"),
                body.string("pass"), body.optString("name"), List.of(), true), body.optString("secret"));
        Replies.ok(ctx, Replies.of("user", userViews.brief(user)));
    }

    private void create(Context ctx) {
        auth.requireAdmin(ctx);
        RequestBody body = reader.body(ctx);
        User user = users.create(new UserService.NewUser(body.string("username"), body.string("email"),
                body.string("password"), body.string("name"), body.strings("roles"), body.bool("active", true)));
        Replies.ok(ctx, Replies.of("user", userViews.brief(user)));
    }

    private void info(Context ctx) {
        auth.require(ctx);
        User user;
        if (ctx.queryParam("userId") != null) {
            user = users.requireById(ctx.queryParam("userId"));
        } else if (ctx.queryParam("username") != null) {
            user = users.requireByUsername(ctx.queryParam("username"));
        } else {
            throw RcException.invalidParams("The query parameter 'userId' or 'username' is required");
        }
        Replies.ok(ctx, Replies.of("user", userViews.brief(user)));
    }
}
