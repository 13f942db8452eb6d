package dev.fedchat.server.api.rest;

import dev.fedchat.server.error.RcException;
import dev.fedchat.server.presence.Presence;
import dev.fedchat.server.presence.PresenceService;
import dev.fedchat.server.presence.UserStatus;
import dev.fedchat.server.user.User;
import dev.fedchat.server.user.UserService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Presence over REST (issue 13), in Rocket.Chat's shapes: {@code users.getStatus} (a user's, by
 * {@code userId} or {@code username}; the caller's own, with the connection's status, when neither),
 * {@code users.setStatus} ({@code {status?, message?}}; a status that is none of online, away,
 * busy, offline is refused with {@code error-invalid-status} and nothing changes) and
 * {@code users.presence} ({@code {users, full}}: the users named in {@code ids}, or those changed
 * since {@code from}, or everyone not offline).
 */
final class PresenceRoutes {
    /** Rocket.Chat answers {@code from} older than this with the full list. */
    static final long FROM_WINDOW_MILLIS = 10 * 60 * 1000;
    static final int MAX_IDS = 1_000;

    private final PresenceService presence;
    private final UserService users;
    private final Auth auth;
    private final RequestReader reader;
    private final Clock clock;

    PresenceRoutes(PresenceService presence, UserService users, Auth auth, RequestReader reader, Clock clock) {
        this.presence = presence;
        this.users = users;
        this.auth = auth;
        this.reader = reader;
        this.clock = clock;
    }

    void install(RoutesConfig routes) {
        routes.get("/api/v1/users.getStatus", this::getStatus);
        routes.post("/api/v1/users.setStatus", this::setStatus);
        routes.get("/api/v1/users.presence", this::presence);
    }

    private void getStatus(Context ctx) {
        User caller = auth.require(ctx);
        User user = named(ctx.queryParam("userId"), ctx.queryParam("username")).orElse(caller);
        Presence p = presence.of(user);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("_id", user.id());
        v.put("status", shown(user, p).wire());
        if (p.text() != null) {
            v.put("message", p.text());
        }
        // another user's connection is what they show: an invisible user's sessions stay theirs to know
        v.put("connectionStatus", (user.id().equals(caller.id()) ? p.connection() : shown(user, p)).wire());
        if (p.changedAt() > 0) {
            v.put("lastActivity", Instant.ofEpochMilli(p.changedAt()));
        }
        Replies.ok(ctx, v);
    }

    private Optional<User> named(String userId, String username) {
        if (userId != null && !userId.isEmpty()) {
            return Optional.of(users.requireById(userId));
        }
        if (username != null && !username.isEmpty()) {
            return Optional.of(users.requireByUsername(username));
        }
        return Optional.empty();
    }

    /** Every check before any change: a refused request leaves the status and the text as they were. */
    private void setStatus(Context ctx) {
        User caller = auth.require(ctx);
        RequestBody body = reader.body(ctx);
        String statusName = body.optString("status");
        String message = body.optString("message");
        if ((statusName == null || statusName.isEmpty()) && message == null) {
            throw RcException.invalidParams("Match failed: 'status' or 'message' is required");
        }
        UserStatus status = statusName == null || statusName.isEmpty() ? null : UserStatus.parse(statusName)
                .orElseThrow(() -> RcException.invalid("error-invalid-status",
                        "Valid status types include online, away, offline, and busy."));
        User target = named(body.optString("userId"), body.optString("username")).orElse(caller);
        if (!target.id().equals(caller.id()) && !caller.isAdmin()) {
            throw RcException.forbidden();
        }
        if (target.isRemote()) {
            throw RcException.invalid("error-not-allowed", "Not allowed: " + target.username() + "'s status is set on their own server");
        }
        presence.setStatus(target, status, message);
        Replies.ok(ctx);
    }

    private void presence(Context ctx) {
        auth.require(ctx);
        String ids = ctx.queryParam("ids");
        String from = ctx.queryParam("from");
        List<String> listed;
        boolean full = false;
        if (ids != null && !ids.isBlank()) {
            Set<String> wanted = new LinkedHashSet<>();
            for (String id : ids.split(",")) {
                if (!id.isBlank()) {
                    wanted.add(id.strip());
                }
            }
            if (wanted.size() > MAX_IDS) {
                throw RcException.invalidParams("At most " + MAX_IDS + " ids at once, not " + wanted.size());
            }
            listed = new ArrayList<>(wanted);
        } else if (from != null && !from.isBlank() && since(from) >= clock.millis() - FROM_WINDOW_MILLIS) {
            listed = presence.changedSince(since(from));
        } else {
            listed = presence.notOffline();
            full = true;
        }
        List<Map<String, Object>> shown = new ArrayList<>();
        for (String id : listed) {
            users.byId(id).ifPresent(u -> shown.add(entry(u, presence.of(u))));
        }
        Replies.ok(ctx, Replies.of("users", shown, "full", full));
    }

    private static long since(String from) {
        try {
            return Instant.parse(from).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw RcException.invalidParams("'from' must be an ISO-8601 date, like 2026-12-08T02:00:00.000Z");
        }
    }

    private static Map<String, Object> entry(User u, Presence p) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("_id", u.id());
        v.put("username", u.username());
        v.put("name", u.name());
        v.put("status", shown(u, p).wire());
        v.put("utcOffset", 0);
        if (p.text() != null) {
            v.put("statusText", p.text());
        }
        return v;
    }

    private static UserStatus shown(User u, Presence p) {
        return u.active() ? p.status() : UserStatus.OFFLINE;
    }
}
