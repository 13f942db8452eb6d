package dev.fedchat.server.api.rest;

import dev.fedchat.server.api.view.Views;
import dev.fedchat.server.message.MessagePage;
import dev.fedchat.server.message.MessageService;
import dev.fedchat.server.room.Room;
import dev.fedchat.server.room.RoomService;
import dev.fedchat.server.user.User;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/** Pins and stars (Rocket.Chat's {@code chat.pinMessage}, {@code chat.starMessage} and their lists; issue 13 §1). */
final class PinAndStarRoutes {
    private final MessageService messages;
    private final RoomService rooms;
    private final Auth auth;
    private final RequestReader reader;

    PinAndStarRoutes(MessageService messages, RoomService rooms, Auth auth, RequestReader reader) {
        this.messages = messages;
        this.rooms = rooms;
        this.auth = auth;
        this.reader = reader;
    }

    void install(RoutesConfig routes) {
        routes.post("/api/v1/chat.pinMessage", ctx -> {
            User caller = auth.require(ctx);
            String id = reader.body(ctx).string("messageId");
            messages.pins().pin(caller, id, true);
            Replies.ok(ctx, Replies.of("message", Views.message(messages.get(caller, id))));
        });
        routes.post("/api/v1/chat.unPinMessage", ctx -> {
            messages.pins().pin(auth.require(ctx), reader.body(ctx).string("messageId"), false);
            Replies.ok(ctx);
        });
        routes.post("/api/v1/chat.starMessage", ctx -> star(ctx, true));
        routes.post("/api/v1/chat.unStarMessage", ctx -> star(ctx, false));
        routes.get("/api/v1/chat.getPinnedMessages", ctx -> list(ctx, true));
        routes.get("/api/v1/chat.getStarredMessages", ctx -> list(ctx, false));
    }

    private void star(Context ctx, boolean star) {
        messages.stars().star(auth.require(ctx), reader.body(ctx).string("messageId"), star);
        Replies.ok(ctx);
    }

    private void list(Context ctx, boolean pinned) {
        User caller = auth.require(ctx);
        Room room = rooms.requireRoom(RequestReader.required(ctx, "roomId"));
        RequestReader.Page page = reader.page(ctx);
        MessagePage found = pinned ? messages.pins().pinned(caller, room, page.count(), page.offset())
                : messages.stars().starred(caller, room, page.count(), page.offset());
        List<Map<String, Object>> list = found.messages().stream().map(Views::message).toList();
        Replies.ok(ctx, Replies.of("messages", list, "count", list.size(), "offset", page.offset(), "total", found.total()));
    }
}
