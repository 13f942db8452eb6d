package dev.fedchat.server.api.rest;

import dev.fedchat.server.api.view.Views;
import dev.fedchat.server.error.RcException;
import dev.fedchat.server.message.HistoryQuery;
import dev.fedchat.server.message.Message;
import dev.fedchat.server.message.MessageService;
import dev.fedchat.server.message.Sync;
import dev.fedchat.server.room.Room;
import dev.fedchat.server.room.RoomService;
import dev.fedchat.server.user.User;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/** Messages and history (client-api.md §2.4, §2.5). */
final class ChatRoutes {
    private static final String[] EXTRA_FIELDS = MessageService.Draft.OPTIONAL_FIELDS.toArray(String[]::new);

    private final MessageService messages;
    private final RoomService rooms;
    private final Auth auth;
    private final RequestReader reader;

    ChatRoutes(MessageService messages, RoomService rooms, Auth auth, RequestReader reader) {
        this.messages = messages;
        this.rooms = rooms;
        this.auth = auth;
        this.reader = reader;
    }

    void install(RoutesConfig routes) {
        routes.post("/api/v1/chat.postMessage", this::postMessage);
        routes.post("/api/v1/chat.sendMessage", this::sendMessage);
        routes.post("/api/v1/chat.update", this::update);
        routes.post("/api/v1/chat.delete", this::delete);
        routes.post("/api/v1/chat.react", this::react);
        routes.get("/api/v1/chat.getMessage", ctx -> {
            User caller = auth.require(ctx);
            Message m = messages.get(caller, RequestReader.required(ctx, "msgId"));
            Replies.ok(ctx, Replies.of("message", Views.message(m)));
        });
        for (RoomFamily family : List.of(RoomFamily.CHANNELS, RoomFamily.GROUPS, RoomFamily.DIRECT)) {
            routes.get("/api/v1/" + family.prefix() + ".history", ctx -> history(ctx, family));
        }
        routes.get("/api/v1/dm.history", ctx -> history(ctx, RoomFamily.DIRECT));
        routes.get("/api/v1/chat.syncMessages", this::syncMessages);
    }

    /**
     * {@code chat.syncMessages}: what changed in a room. With {@code lastUpdate} (ISO) everything
     * after it, {@code {updated, deleted}} (the sdk's "loadHistory", the app before 7.1); with
     * {@code next=<ms>&type=UPDATED|DELETED&count=n} one page after the cursor and the cursor to go on
     * from, as Rocket.Chat 7.1 pages it ({@link SyncPage}).
     */
    private void syncMessages(Context ctx) {
        User caller = auth.require(ctx);
        Room room = rooms.requireRoom(RequestReader.required(ctx, "roomId"));
        String next = ctx.queryParam("next");
        if (next != null || ctx.queryParam("previous") != null) {
            SyncPage page = SyncPage.parse(ctx.queryParam("type"), next, ctx.queryParam("previous"),
                    ctx.queryParam("lastUpdate"), RequestReader.intParam(ctx, "count", SyncPage.DEFAULT_COUNT));
            Replies.ok(ctx, Replies.of("result", page.answer(messages.sync(caller, room, page.after()))));
            return;
        }
        long since = Since.parse(RequestReader.required(ctx, "lastUpdate"));
        Sync sync = messages.sync(caller, room, since);
        Map<String, Object> result = Replies.of(
                "updated", sync.updated().stream().map(Views::message).toList(),
                "deleted", sync.deleted().stream().map(SyncPage::deletion).toList());
        Replies.ok(ctx, Replies.of("result", result));
    }

    /**
     * Webhook style: {@code roomId} or {@code channel} ("#name", "@username" or an id), each a
     * string or an array. The message goes to every target and the answer shows the first, as in
     * Rocket.Chat. Every target is resolved, and its membership checked, before anything is posted.
     */
    private void postMessage(Context ctx) {
        User caller = auth.require(ctx);
        RequestBody body = reader.body(ctx);
        String field = body.has("roomId") ? "roomId" : "channel";
        List<String> targets = body.stringOrArray(field);
        if (targets.isEmpty()) {
            throw RcException.invalidParams("must have required property 'roomId' or 'channel'");
        }
        List<Room> targetRooms = targets.stream().map(t -> resolveTarget(caller, t)).toList();
        targetRooms.forEach(room -> rooms.requireMember(room, caller));
        MessageService.Draft draft = new MessageService.Draft(null, body.optString("text"), body.optString("tmid"),
                body.pick(EXTRA_FIELDS));
        Message first = null;
        for (Room room : targetRooms) {
            Message m = messages.post(caller, room, draft);
            first = first == null ? m : first;
        }
        Replies.ok(ctx, Replies.of("ts", first.ts(), "channel", body.pick(field).get(field), "message", Views.message(first)));
    }

    private Room resolveTarget(User caller, String target) {
        if (target.startsWith("@")) {
            return rooms.openDirect(caller, List.of(target.substring(1)), false);
        }
        if (target.startsWith("#")) {
            return rooms.byName(target).orElseThrow(() -> RcException.invalid("error-invalid-channel",
                    "Invalid channel " + target));
        }
        return rooms.byId(target).or(() -> rooms.byName(target))
                .orElseThrow(() -> RcException.invalid("error-invalid-channel", "Invalid channel " + target));
    }

    /** Client style: a {@code message} object, which may carry its own {@code _id}. */
    private void sendMessage(Context ctx) {
        User caller = auth.require(ctx);
        RequestBody message = reader.body(ctx).object("message");
        Room room = rooms.requireRoom(message.string("rid"));
        Message m = messages.post(caller, room, new MessageService.Draft(message.optString("_id"),
                message.optString("msg"), message.optString("tmid"), message.pick(EXTRA_FIELDS)));
        Replies.ok(ctx, Replies.of("message", Views.message(m)));
    }

    private void update(Context ctx) {
        User caller = auth.require(ctx);
        RequestBody body = reader.body(ctx);
        Message m = messages.update(caller, body.string("roomId"), body.string("msgId"), body.string("text"));
        Replies.ok(ctx, Replies.of("message", Views.message(m)));
    }

    private void delete(Context ctx) {
        User caller = auth.require(ctx);
        RequestBody body = reader.body(ctx);
        Message m = messages.delete(caller, body.string("roomId"), body.string("msgId"));
        Replies.ok(ctx, Replies.of("_id", m.id(), "ts", m.ts(),
                "message", Map.of("_id", m.id(), "rid", m.roomId(), "u", Map.of("_id", m.userId(), "username", m.username()))));
    }

    private void react(Context ctx) {
        User caller = auth.require(ctx);
        RequestBody body = reader.body(ctx);
        String emoji = body.optString("emoji", "reaction");
        if (emoji == null) {
            throw RcException.invalidParams("must have required property 'emoji'");
        }
        messages.react(caller, body.string("messageId"), emoji, body.optBool("shouldReact"));
        Replies.ok(ctx);
    }

    private void history(Context ctx, RoomFamily family) {
        User caller = auth.require(ctx);
        Room room = family.find(rooms, ctx.queryParam("roomId"), ctx.queryParam("roomName"));
        int count = RequestReader.intParam(ctx, "count", 20);
        int offset = RequestReader.intParam(ctx, "offset", 0);
        if (count < 0 || offset < 0 || count > HistoryQuery.MAX_COUNT) {
            throw RcException.invalidParams("count must be between 0 and " + HistoryQuery.MAX_COUNT
                    + " and offset not negative");
        }
        HistoryQuery q = new HistoryQuery(Since.parse(ctx.queryParam("oldest"), 0),
                Since.parse(ctx.queryParam("latest"), Long.MAX_VALUE),
                "true".equals(ctx.queryParam("inclusive")), count, offset);
        List<Map<String, Object>> list = messages.history(caller, room, q).stream().map(Views::message).toList();
        Replies.ok(ctx, Replies.of("messages", list, "count", list.size(), "offset", offset,
                "total", messages.countHistory(room, q)));
    }
}
