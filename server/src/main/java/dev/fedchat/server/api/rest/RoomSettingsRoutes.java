package dev.fedchat.server.api.rest;

import dev.fedchat.server.api.json.RoomSettingsRequest;
import dev.fedchat.server.api.view.RoomViews;
import dev.fedchat.server.error.RcException;
import dev.fedchat.server.room.MemberRoles;
import dev.fedchat.server.room.Room;
import dev.fedchat.server.room.RoomService;
import dev.fedchat.server.room.RoomSettingsService;
import dev.fedchat.server.room.RoomSettingsService.Change;
import dev.fedchat.server.user.User;
import dev.fedchat.server.user.UserService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * A room's settings and roles (issue 13, "Rooms"), as Rocket.Chat shapes them:
 * {@code rooms.saveRoomSettings}; for {@code channels.*} and {@code groups.*} alike,
 * {@code setTopic}, {@code setAnnouncement}, {@code setDescription} (answering the new text under
 * its name), {@code setReadOnly} and {@code rename} (answering the room), {@code addOwner},
 * {@code removeOwner}, {@code addModerator}, {@code removeModerator}, and {@code roles}.
 * Rules and errors are {@link RoomSettingsService}'s.
 */
final class RoomSettingsRoutes {
    private final RoomService rooms;
    private final RoomSettingsService settings;
    private final UserService users;
    private final Auth auth;
    private final RequestReader reader;
    private final RoomViews views;

    RoomSettingsRoutes(RoomService rooms, UserService users, Auth auth, RequestReader reader, RoomViews views) {
        this.rooms = rooms;
        this.settings = rooms.settings();
        this.users = users;
        this.auth = auth;
        this.reader = reader;
        this.views = views;
    }

    void install(RoutesConfig routes) {
        routes.post("/api/v1/rooms.saveRoomSettings", this::saveRoomSettings);
        for (RoomFamily kind : List.of(RoomFamily.CHANNELS, RoomFamily.GROUPS)) {
            String p = "/api/v1/" + kind.prefix();
            routes.post(p + ".setTopic", ctx -> setText(ctx, kind, "topic", Change::topic, Room::topic));
            routes.post(p + ".setAnnouncement", ctx -> setText(ctx, kind, "announcement", Change::announcement,
                    Room::announcement));
            routes.post(p + ".setDescription", ctx -> setText(ctx, kind, "description", Change::description,
                    Room::description));
            routes.post(p + ".setReadOnly", ctx -> setReadOnly(ctx, kind));
            routes.post(p + ".rename", ctx -> rename(ctx, kind));
            routes.post(p + ".addOwner", ctx -> setRole(ctx, kind, MemberRoles.OWNER, true));
            routes.post(p + ".removeOwner", ctx -> setRole(ctx, kind, MemberRoles.OWNER, false));
            routes.post(p + ".addModerator", ctx -> setRole(ctx, kind, MemberRoles.MODERATOR, true));
            routes.post(p + ".removeModerator", ctx -> setRole(ctx, kind, MemberRoles.MODERATOR, false));
            routes.get(p + ".roles", ctx -> roles(ctx, kind));
        }
    }

    /** Answers {@code {rid}}; every setting given is checked before any is written. */
    private void saveRoomSettings(Context ctx) {
        User caller = auth.require(ctx);
        RequestBody body = reader.body(ctx);
        String rid = body.string("rid");
        Change change = RoomSettingsRequest.read(body.root(), Set.of("rid"));
        Room room = rooms.byId(rid).orElseThrow(RoomService::invalidRoom);
        settings.save(caller, room, change);
        Replies.ok(ctx, Replies.of("rid", rid));
    }

    /** {@code setTopic} and the like: Rocket.Chat answers the text as it is now, under the body's field name. */
    private void setText(Context ctx, RoomFamily kind, String field, Function<String, Change> change,
                         Function<Room, String> read) {
        User caller = auth.require(ctx);
        RequestBody body = reader.body(ctx);
        Room room = select(body, kind);
        String text = bodyParam(field, body.optString(field));
        Room updated = settings.save(caller, room, change.apply(text));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put(field, Objects.requireNonNullElse(read.apply(updated), ""));
        Replies.ok(ctx, answer);
    }

    private void setReadOnly(Context ctx, RoomFamily kind) {
        User caller = auth.require(ctx);
        RequestBody body = reader.body(ctx);
        Room room = select(body, kind);
        boolean readOnly = bodyParam("readOnly", body.optBool("readOnly"));
        if (room.readOnly() == readOnly) {
            throw new RcException(400, null, "The " + readable(kind) + " read only setting is the same as what it would"
                    + " be changed to.");
        }
        Room updated = settings.save(caller, room, Change.readOnly(readOnly));
        Replies.ok(ctx, Replies.of(kind.key(), views.room(updated)));
    }

    private void rename(Context ctx, RoomFamily kind) {
        User caller = auth.require(ctx);
        RequestBody body = reader.body(ctx);
        Room room = select(body, kind);
        String name = bodyParam("name", body.optString("name"));
        if (name.equals(room.name())) {
            throw new RcException(400, null, "The " + readable(kind) + " name is the same as what it would be renamed to.");
        }
        Room updated = settings.save(caller, room, Change.name(name));
        Replies.ok(ctx, Replies.of(kind.key(), views.room(updated)));
    }

    private void setRole(Context ctx, RoomFamily kind, String role, boolean add) {
        User caller = auth.require(ctx);
        RequestBody body = reader.body(ctx);
        Room room = select(body, kind);
        User target = users.requireById(body.string("userId"));
        settings.setRole(caller, room, target, role, add);
        Replies.ok(ctx);
    }

    /** Rocket.Chat's {@code getRoomRoles}: each member with a role, {@code {rid, u: {_id, username, name}, roles}}. */
    private void roles(Context ctx, RoomFamily kind) {
        User caller = auth.require(ctx);
        Room room = kind.find(rooms, ctx.queryParam("roomId"), ctx.queryParam("roomName"));
        rooms.requireReadAccess(room, caller);
        Replies.ok(ctx, Replies.of("roles", rolesView(room.id(), settings.roles(room))));
    }

    static List<Map<String, Object>> rolesView(String roomId, List<MemberRoles> roles) {
        return roles.stream().map(r -> {
            Map<String, Object> u = new LinkedHashMap<>();
            u.put("_id", r.userId());
            u.put("username", r.username());
            if (r.name() != null) {
                u.put("name", r.name());
            }
            return (Map<String, Object>) Replies.of("rid", roomId, "u", u, "roles", r.roles());
        }).toList();
    }

    /** Rocket.Chat's answer to a missing body parameter of these calls: a plain failure, no error code. */
    private static <T> T bodyParam(String field, T value) {
        if (value == null) {
            throw new RcException(400, null, "The bodyParam \"" + field + "\" is required");
        }
        return value;
    }

    private static String readable(RoomFamily kind) {
        return kind == RoomFamily.CHANNELS ? "channel" : "private group";
    }

    private Room select(RequestBody body, RoomFamily kind) {
        return kind.find(rooms, body.optString("roomId"), body.optString("roomName"));
    }
}
