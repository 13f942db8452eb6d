package dev.fedchat.server.api.rest;

import dev.fedchat.server.api.view.Views;
import dev.fedchat.server.error.RcException;
import dev.fedchat.server.user.User;
import dev.fedchat.server.user.UserService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What Rocket.Chat's own clients fetch around the chat itself, right after connecting and logging
 * in (docs/mobile-app.md has the sequence): the permission catalog ({@link PermissionCatalog}),
 * the roles, custom emoji, slash commands and OAuth services, and push registration.
 *
 * <p>Where fedchat has no such feature the answer is Rocket.Chat's with the feature off or empty:
 * no custom emoji, no slash commands, no OAuth services, and push off. {@code push.token} is
 * checked as Rocket.Chat checks it and answered success, but nothing is kept and nothing is ever
 * sent: fedchat has no push gateway, and {@code push.info} says so, which the app's notification
 * troubleshooting shows. Rocket.Chat with push off still stores the token, so its removal at logout
 * succeeds there too.
 */
final class ClientSupportRoutes {
    private static final List<String> PUSH_TYPES = List.of("apn", "gcm");

    private final UserService users;
    private final Auth auth;
    private final RequestReader reader;

    ClientSupportRoutes(UserService users, Auth auth, RequestReader reader) {
        this.users = users;
        this.auth = auth;
        this.reader = reader;
    }

    void install(RoutesConfig routes) {
        routes.get("/api/v1/permissions.listAll", ctx -> {
            auth.require(ctx);
            long since = Since.parse(ctx.queryParam("updatedSince"));
            Replies.ok(ctx, Replies.of("update", PermissionCatalog.changedAfter(since), "remove", List.of()));
        });
        routes.get("/api/v1/roles.list", ctx -> {
            auth.require(ctx);
            Replies.ok(ctx, Replies.of("roles", List.of(
                    role("admin", "Users", "Admin"), role("user", "Users", ""), role("owner", "Subscriptions", "Owner"))));
        });
        routes.get("/api/v1/roles.getUsersInPublicRoles", ctx -> {
            auth.require(ctx);
            Replies.ok(ctx, Replies.of("users", users.withRole(User.ROLE_ADMIN).stream()
                    .map(Views::roleHolder).toList()));
        });
        routes.get("/api/v1/emoji-custom.list", ctx -> {
            auth.require(ctx);
            Since.parse(ctx.queryParam("updatedSince")); // a malformed date is refused even when nothing would be listed
            Replies.ok(ctx, Replies.of("emojis", Replies.of("update", List.of(), "remove", List.of())));
        });
        routes.get("/api/v1/commands.list", ctx -> {
            auth.require(ctx);
            Replies.ok(ctx, Replies.of("commands", List.of(), "offset", 0, "count", 0, "total", 0));
        });
        routes.get("/api/v1/settings.oauth", ctx -> Replies.ok(ctx, Replies.of("services", List.of())));
        routes.post("/api/v1/push.token", this::registerPushToken);
        routes.delete("/api/v1/push.token", ctx -> {
            auth.require(ctx);
            String token = reader.body(ctx).optString("token");
            if (token == null || token.isEmpty()) {
                throw RcException.invalid("error-token-param-not-valid", "The required \"token\" body param is missing or invalid.");
            }
            Replies.ok(ctx);
        });
        routes.get("/api/v1/push.info", ctx -> {
            auth.require(ctx);
            Replies.ok(ctx, Replies.of("pushGatewayEnabled", false, "defaultPushGateway", true));
        });
    }

    /** Rocket.Chat's checks, in its order and with its error codes; the token is not kept. */
    private void registerPushToken(Context ctx) {
        User caller = auth.require(ctx);
        RequestBody body = reader.body(ctx);
        if (body.has("id") && !body.node("id").isTextual()) {
            throw RcException.invalid("error-id-param-not-valid", "The required \"id\" body param is invalid.");
        }
        String type = body.has("type") && body.node("type").isTextual() ? body.node("type").textValue() : null;
        if (!PUSH_TYPES.contains(type)) {
            throw RcException.invalid("error-type-param-not-valid", "The required \"type\" body param is missing or invalid.");
        }
        String value = nonEmptyText(body, "value");
        if (value == null) {
            throw RcException.invalid("error-token-param-not-valid", "The required \"value\" body param is missing or invalid.");
        }
        String appName = nonEmptyText(body, "appName");
        if (appName == null) {
            throw RcException.invalid("error-appName-param-not-valid",
                    "The required \"appName\" body param is missing or invalid.");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        if (body.has("id")) {
            result.put("_id", body.node("id").textValue());
        }
        result.put("token", Map.of(type, value));
        result.put("appName", appName);
        result.put("userId", caller.id());
        Replies.ok(ctx, Replies.of("result", result));
    }

    private static String nonEmptyText(RequestBody body, String field) {
        return body.has(field) && body.node(field).isTextual() && !body.node(field).textValue().isEmpty()
                ? body.node(field).textValue() : null;
    }

    private static Map<String, Object> role(String id, String scope, String description) {
        return Replies.of("_id", id, "name", id, "scope", scope, "description", description, "protected", true,
                "mandatory2fa", false);
    }
}
