package dev.fedchat.server.api.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.protocol.net.ClientAddress;
import dev.fedchat.server.api.view.UserViews;
import dev.fedchat.server.auth.AuthService;
import dev.fedchat.server.auth.Credentials;
import dev.fedchat.server.error.RcException;
import dev.fedchat.server.user.Passwords;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** Login, logout, {@code me} and {@code /api/info} (client-api.md §2.1). */
final class SessionRoutes {
    /**
     * The Rocket.Chat version clients see; they gate features on it. 7.10 is the newest version
     * whose gates in the mobile app switch to calls fedchat answers (settings by {@code _id}, the
     * cursor form of {@code chat.syncMessages}, {@code roles.getUsersInPublicRoles}); later gates
     * (7.11 to 8.4) only switch omnichannel, end-to-end encryption v2, VoIP push and avatar
     * uploads, which fedchat does not have (docs/mobile-app.md, "The version").
     */
    static final String REPORTED_VERSION = "7.10.0";

    private final AuthService authService;
    private final UserViews userViews;
    private final Auth auth;
    private final RequestReader reader;

    SessionRoutes(AuthService authService, Auth auth, RequestReader reader, UserViews userViews) {
        this.userViews = userViews;
        this.authService = authService;
        this.auth = auth;
        this.reader = reader;
    }

    void install(RoutesConfig routes) {
        routes.post("/api/v1/login", this::login);
        routes.post("/api/v1/logout", this::logout);
        routes.get("/api/v1/logout", this::logout); // rocketchat-api logs out with GET
        routes.get("/api/v1/me", ctx -> Replies.ok(ctx, userViews.me(auth.require(ctx))));
        routes.get("/api/info", ctx -> Replies.ok(ctx, Replies.of("version", REPORTED_VERSION)));
    }

    private void login(Context ctx) {
        RequestBody body = reader.body(ctx);
        AuthService.Login login = authService.login(credentials(body), ClientAddress.of(ctx.ip()));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("userId", login.user().id());
        data.put("authToken", login.token());
        data.put("me", userViews.me(login.user()));
        ctx.json(Replies.of("status", "success", "data", data, "success", true));
    }

    private static Credentials credentials(RequestBody body) {
        String resume = body.optString("resume");
        if (resume != null) {
            return new Credentials.Resume(resume);
        }
        JsonNode password = body.node("password");
        String digest;
        if (password != null && password.isTextual()) {
            digest = Passwords.digest(password.textValue());
        } else if (password != null && password.isObject() && password.path("digest").isTextual()) {
            digest = password.path("digest").textValue();
        } else {
            throw RcException.invalidParams("must have required property 'password'");
        }
        JsonNode user = body.node("user");
        if (user != null && user.isObject()) {
            if (user.path("email").isTextual()) {
                return new Credentials.Password(Credentials.By.EMAIL, user.path("email").textValue(), digest);
            }
            return new Credentials.Password(Credentials.By.USERNAME, user.path("username").asText(""), digest);
        }
        String name = body.optString("user");
        if (name != null) {
            return new Credentials.Password(name.contains("@") ? Credentials.By.EMAIL : Credentials.By.USERNAME, name, digest);
        }
        if (body.has("username")) {
            return new Credentials.Password(Credentials.By.USERNAME, body.string("username"), digest);
        }
        if (body.has("email")) {
            return new Credentials.Password(Credentials.By.EMAIL, body.string("email"), digest);
        }
        throw RcException.invalidParams("must have required property 'user'");
    }

    private void logout(Context ctx) {
        authService.logout(auth.require(ctx), ctx.header("X-Auth-Token"));
        ctx.json(Replies.of("status", "success", "data", Map.of("message", "You've been logged out!"), "success", true));
    }
}
