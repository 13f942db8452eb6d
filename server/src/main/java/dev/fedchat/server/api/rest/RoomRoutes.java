package dev.fedchat.server.api.rest;

import dev.fedchat.server.api.view.RoomViews;
import dev.fedchat.server.api.view.Views;
import dev.fedchat.server.error.RcException;
import dev.fedchat.server.room.Membership;
import dev.fedchat.server.room.Room;
import dev.fedchat.server.room.RoomService;
import dev.fedchat.server.user.User;
import dev.fedchat.server.user.UserService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Channels ({@code c}), private groups ({@code p}), direct messages ({@code d}) and subscriptions
 * (client-api.md §2.3, §2.5). The {@code channels.*} and {@code groups.*} families differ only in
 * room type and in the key of the answer, so one handler serves both with a {@link RoomFamily}.
 */
final class RoomRoutes {
    private static final RoomFamily CHANNELS = RoomFamily.CHANNELS;
    private static final RoomFamily GROUPS = RoomFamily.GROUPS;

    private final RoomService rooms;
    private final UserService users;
    private final Auth auth;
    private final RequestReader reader;
    private final RoomViews views;

    RoomRoutes(RoomService rooms, UserService users, Auth auth, RequestReader reader, RoomViews views) {
        this.rooms = rooms;
        this.users = users;
        this.auth = auth;
        this.reader = reader;
        this.views = views;
    }

    void install(RoutesConfig routes) {
        for (RoomFamily kind : List.of(CHANNELS, GROUPS)) {
            String p = "/api/v1/" + kind.prefix();
            routes.post(p + ".create", ctx -> create(ctx, kind));
            routes.post(p + ".invite", ctx -> invite(ctx, kind));
            routes.post(p + ".kick", ctx -> kick(ctx, kind));
            routes.post(p + ".leave", ctx -> leave(ctx, kind));
            routes.post(p + ".delete", ctx -> delete(ctx, kind));
            routes.get(p + ".info", ctx -> info(ctx, kind));
            routes.get(p + ".members", ctx -> members(ctx, kind));
        }
        new RoomSettingsRoutes(rooms, users, auth, reader, views).install(routes);
        routes.post("/api/v1/channels.join", this::join);
        routes.post("/api/v1/channels.openToFederation", this::openToFederation);
        routes.get("/api/v1/channels.list", this::listChannels);
        routes.get("/api/v1/channels.list.joined", ctx -> listJoined(ctx, CHANNELS));
        routes.get("/api/v1/groups.list", ctx -> listJoined(ctx, GROUPS));
        for (String p : List.of("im", "dm")) {
            routes.post("/api/v1/" + p + ".create", this::openDirect);
            routes.get("/api/v1/" + p + ".list", this::listDirect);
        }
        routes.get("/api/v1/rooms.get", this::roomsGet);
        routes.get("/api/v1/rooms.info", this::roomsInfo);
        routes.post("/api/v1/rooms.leave", ctx -> {
            User caller = auth.require(ctx);
            rooms.leave(caller, rooms.requireRoom(reader.body(ctx).string("roomId")));
            Replies.ok(ctx);
        });
        routes.post("/api/v1/rooms.muteUser", ctx -> mute(ctx, true));
        routes.post("/api/v1/rooms.unmuteUser", ctx -> mute(ctx, false));
        routes.get("/api/v1/subscriptions.get", this::subscriptionsGet);
        routes.get("/api/v1/subscriptions.getOne", ctx -> {
            User caller = auth.require(ctx);
            Room room = rooms.requireRoom(RequestReader.required(ctx, "roomId"));
            Membership m = rooms.membership(room, caller).orElse(null);
            Replies.ok(ctx, Replies.of("subscription", m == null ? null
                    : Views.subscription(m.withRoomName(rooms.displayName(room, caller.username())))));
        });
        routes.post("/api/v1/subscriptions.read", ctx -> {
            User caller = auth.require(ctx);
            RequestBody body = reader.body(ctx);
            rooms.markRead(caller, rooms.requireRoom(body.optString("rid", "roomId")));
            Replies.ok(ctx);
        });
    }

    private void create(Context ctx, RoomFamily kind) {
        User caller = auth.require(ctx);
        RequestBody body = reader.body(ctx);
        Room room = rooms.create(caller, kind.type(), body.string("name"), body.strings("members"),
                body.bool("readOnly", false), body.bool("excludeSelf", false));
        Replies.ok(ctx, Replies.of(kind.key(), views.room(room)));
    }

    /** Invitees by id must exist here; by name they may be users of other servers ({@code bob@beta.test}). */
    private void invite(Context ctx, RoomFamily kind) {
        User caller = auth.require(ctx);
        RequestBody body = reader.body(ctx);
        Room room = select(body, kind);
        List<User> invitees = new ArrayList<>();
        List<String> names = new ArrayList<>();
        String userId = body.optString("userId");
        if (userId != null) {
            invitees.add(users.requireById(userId));
        }
        String username = body.optString("username", "user");
        if (username != null) {
            names.add(username);
        }
        body.strings("userIds").forEach(id -> invitees.add(users.requireById(id)));
        names.addAll(body.strings("usernames"));
        if (invitees.isEmpty() && names.isEmpty()) {
            throw RcException.invalidParams("must have required property 'userId' or 'username'");
        }
        Room updated = rooms.invite(caller, room, invitees, names);
        Replies.ok(ctx, Replies.of(kind.key(), views.room(updated)));
    }

    private void kick(Context ctx, RoomFamily kind) {
        User caller = auth.require(ctx);
        RequestBody body = reader.body(ctx);
        Room room = select(body, kind);
        rooms.kick(caller, room, target(body));
        Replies.ok(ctx, Replies.of(kind.key(), views.room(rooms.requireRoom(room.id()))));
    }

    private void leave(Context ctx, RoomFamily kind) {
        User caller = auth.require(ctx);
        Room room = select(reader.body(ctx), kind);
        rooms.leave(caller, room);
        Replies.ok(ctx, Replies.of(kind.key(), views.room(rooms.requireRoom(room.id()))));
    }

    private void delete(Context ctx, RoomFamily kind) {
        User caller = auth.require(ctx);
        Room room = select(reader.body(ctx), kind);
        rooms.delete(caller, room);
        Replies.ok(ctx);
    }

    private void info(Context ctx, RoomFamily kind) {
        User caller = auth.require(ctx);
        Room room = kind.find(rooms, ctx.queryParam("roomId"), ctx.queryParam("roomName"));
        rooms.requireReadAccess(room, caller);
        Replies.ok(ctx, Replies.of(kind.key(), views.room(room)));
    }

    private void members(Context ctx, RoomFamily kind) {
        User caller = auth.require(ctx);
        Room room = kind.find(rooms, ctx.queryParam("roomId"), ctx.queryParam("roomName"));
        rooms.requireReadAccess(room, caller);
        RequestReader.Page page = reader.page(ctx);
        List<Membership> all = rooms.members(room);
        List<Map<String, Object>> slice = all.stream().skip(page.offset()).limit(page.count())
                .map(m -> (Map<String, Object>) Replies.of("_id", m.userId(), "username", m.username(), "name",
                        m.userFullName(), "status", "online"))
                .toList();
        Replies.ok(ctx, Replies.of("members", slice, "count", slice.size(), "offset", page.offset(), "total", all.size()));
    }

    /** A channel here, or one of another server: {@code roomName} {@code general@beta.example} (issue 13 §2). */
    private void join(Context ctx) {
        User caller = auth.require(ctx);
        RequestBody body = reader.body(ctx);
        Room room = rooms.joinChannel(caller, body.optString("roomId"), body.optString("roomName"));
        Replies.ok(ctx, Replies.of("channel", views.room(room)));
    }

    /** fedchat's own: an owner opens a public channel to users of other fedchat servers, or closes it ({@code open: false}). */
    private void openToFederation(Context ctx) {
        User caller = auth.require(ctx);
        RequestBody body = reader.body(ctx);
        Room room = select(body, CHANNELS);
        Boolean open = body.optBool("open");
        rooms.setOpenToFederation(caller, room, open == null || open);
        Map<String, Object> view = views.room(rooms.requireRoom(room.id()));
        Replies.ok(ctx, Replies.of("channel", view, "openToFederation", rooms.isOpenToFederation(room)));
    }

    private void listChannels(Context ctx) {
        auth.require(ctx);
        RequestReader.Page page = reader.page(ctx);
        List<Map<String, Object>> list = rooms.listByType(Room.CHANNEL, page.count(), page.offset()).stream()
                .map(views::room).toList();
        Replies.ok(ctx, Replies.of("channels", list, "count", list.size(), "offset", page.offset(),
                "total", rooms.countByType(Room.CHANNEL)));
    }

    private void listJoined(Context ctx, RoomFamily kind) {
        User caller = auth.require(ctx);
        listMemberships(ctx, caller, kind.type(), kind.listKey());
    }

    private void listDirect(Context ctx) {
        listMemberships(ctx, auth.require(ctx), Room.DIRECT, "ims");
    }

    private void listMemberships(Context ctx, User caller, String type, String key) {
        RequestReader.Page page = reader.page(ctx);
        List<Membership> all = rooms.membershipsOfType(caller, type);
        List<Map<String, Object>> list = all.stream().skip(page.offset()).limit(page.count())
                .map(m -> views.room(rooms.requireRoom(m.roomId()))).toList();
        Replies.ok(ctx, Replies.of(key, list, "count", list.size(), "offset", page.offset(), "total", all.size()));
    }

    private void openDirect(Context ctx) {
        User caller = auth.require(ctx);
        RequestBody body = reader.body(ctx);
        List<String> names = body.has("username") ? List.of(body.string("username")) : body.strings("usernames");
        Room room = rooms.openDirect(caller, names, body.bool("excludeSelf", false));
        Map<String, Object> view = views.room(room);
        view.put("rid", room.id());
        Replies.ok(ctx, Replies.of("room", view));
    }

    private void roomsGet(Context ctx) {
        User caller = auth.require(ctx);
        long since = Since.parse(ctx.queryParam("updatedSince"));
        List<Map<String, Object>> update = rooms.rooms(caller, since).stream().map(views::room).toList();
        Replies.ok(ctx, Replies.of("update", update, "remove", Views.removedRooms(rooms.removals(caller, since))));
    }

    private void roomsInfo(Context ctx) {
        User caller = auth.require(ctx);
        String id = ctx.queryParam("roomId") != null ? ctx.queryParam("roomId") : ctx.queryParam("rid");
        Room room = rooms.select(id, ctx.queryParam("roomName"));
        rooms.requireReadAccess(room, caller);
        Replies.ok(ctx, Replies.of("room", views.room(room)));
    }

    private void subscriptionsGet(Context ctx) {
        User caller = auth.require(ctx);
        long since = Since.parse(ctx.queryParam("updatedSince"));
        List<Map<String, Object>> update = rooms.memberships(caller, since).stream().map(Views::subscription).toList();
        Replies.ok(ctx, Replies.of("update", update, "remove", Views.removedSubscriptions(rooms.removals(caller, since))));
    }

    private void mute(Context ctx, boolean muted) {
        User caller = auth.require(ctx);
        RequestBody body = reader.body(ctx);
        Room room = rooms.requireRoom(body.string("roomId"));
        rooms.setMuted(caller, room, target(body), muted);
        Replies.ok(ctx);
    }

    private User target(RequestBody body) {
        String userId = body.optString("userId");
        if (userId != null) {
            return users.requireById(userId);
        }
        String username = body.optString("username");
        if (username != null) {
            return users.requireByUsername(username);
        }
        throw RcException.invalidParams("must have required property 'userId'");
    }

    private Room select(RequestBody body, RoomFamily kind) {
        return kind.find(rooms, body.optString("roomId"), body.optString("roomName"));
    }
}
