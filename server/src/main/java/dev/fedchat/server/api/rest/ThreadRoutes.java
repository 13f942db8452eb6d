package dev.fedchat.server.api.rest;

import dev.fedchat.server.api.view.Views;
import dev.fedchat.server.message.Message;
import dev.fedchat.server.message.MessagePage;
import dev.fedchat.server.message.Sync;
import dev.fedchat.server.message.Threads;
import dev.fedchat.server.room.Room;
import dev.fedchat.server.room.RoomService;
import dev.fedchat.server.user.User;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Threads (Rocket.Chat's {@code chat.getThreadsList}, {@code chat.getThreadMessages}, following; issue 13 §1). */
final class ThreadRoutes {
    private final Threads threads;
    private final RoomService rooms;
    private final Auth auth;
    private final RequestReader reader;

    ThreadRoutes(Threads threads, RoomService rooms, Auth auth, RequestReader reader) {
        this.threads = threads;
        this.rooms = rooms;
        this.auth = auth;
        this.reader = reader;
    }

    void install(RoutesConfig routes) {
        routes.get("/api/v1/chat.getThreadsList", this::list);
        routes.get("/api/v1/chat.getThreadMessages", this::replies);
        routes.get("/api/v1/chat.syncThreadsList", this::syncList);
        routes.get("/api/v1/chat.syncThreadMessages", this::syncReplies);
        routes.post("/api/v1/chat.followMessage", ctx -> follow(ctx, true));
        routes.post("/api/v1/chat.unfollowMessage", ctx -> follow(ctx, false));
    }

    private void list(Context ctx) {
        User caller = auth.require(ctx);
        Room room = rooms.requireRoom(RequestReader.required(ctx, "rid"));
        RequestReader.Page page = reader.page(ctx);
        MessagePage found = threads.list(caller, room, Threads.Filter.of(ctx.queryParam("type")), ctx.queryParam("text"),
                page.count(), page.offset());
        Replies.ok(ctx, pageOf("threads", found, page));
    }

    private void replies(Context ctx) {
        User caller = auth.require(ctx);
        RequestReader.Page page = reader.page(ctx);
        MessagePage found = threads.replies(caller, RequestReader.required(ctx, "tmid"), page.count(), page.offset());
        Replies.ok(ctx, pageOf("messages", found, page));
    }

    private void syncList(Context ctx) {
        User caller = auth.require(ctx);
        Room room = rooms.requireRoom(RequestReader.required(ctx, "rid"));
        Sync sync = threads.threadsChangedSince(caller, room, Since.parse(RequestReader.required(ctx, "updatedSince")));
        Replies.ok(ctx, Replies.of("threads", Replies.of("update", views(sync.updated()),
                "remove", sync.deleted().stream().map(d -> Map.of("_id", d.messageId(),
                        "_deletedAt", Instant.ofEpochMilli(d.deletedAt()))).toList())));
    }

    private void syncReplies(Context ctx) {
        User caller = auth.require(ctx);
        List<Message> changed = threads.repliesChangedSince(caller, RequestReader.required(ctx, "tmid"),
                Since.parse(RequestReader.required(ctx, "updatedSince")));
        Replies.ok(ctx, Replies.of("messages", Replies.of("update", views(changed), "remove", List.of())));
    }

    private void follow(Context ctx, boolean follow) {
        User caller = auth.require(ctx);
        threads.follow(caller, reader.body(ctx).string("mid"), follow);
        Replies.ok(ctx);
    }

    private static Map<String, Object> pageOf(String field, MessagePage found, RequestReader.Page page) {
        List<Map<String, Object>> list = views(found.messages());
        return Replies.of(field, list, "count", list.size(), "offset", page.offset(), "total", found.total());
    }

    private static List<Map<String, Object>> views(List<Message> messages) {
        return messages.stream().map(Views::message).toList();
    }
}
