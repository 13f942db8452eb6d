package dev.fedchat.server.api.rest;

import dev.fedchat.server.api.view.Views;
import dev.fedchat.server.auth.AuthService;
import dev.fedchat.server.error.RcException;
import dev.fedchat.server.message.MessageSearch;
import dev.fedchat.server.room.Room;
import dev.fedchat.server.user.User;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * {@code GET /api/v1/chat.search?roomId=&searchText=&count=&offset=} → {@code {messages:[...]}}
 * (Rocket.Chat's {@code ChatSearch} in rest-typings), newest first, in the shape of
 * {@link Views#message}. Without {@code roomId} or {@code searchText} it answers Rocket.Chat's
 * {@code error-roomId-param-not-provided} / {@code error-searchText-param-not-provided}; the query
 * syntax and the rules are {@link MessageSearch}'s.
 *
 * <p>Installed by the composition root beside {@link RestApi}, whose error mapping renders its
 * failures.
 */
public final class MessageSearchRoutes {
    /** Rocket.Chat's {@code API_Default_Count} default. */
    private static final int DEFAULT_COUNT = 50;

    private final Auth auth;
    private final MessageSearch search;

    public MessageSearchRoutes(AuthService authService, MessageSearch search) {
        this.auth = new Auth(authService);
        this.search = search;
    }

    public void install(RoutesConfig routes) {
        routes.get("/api/v1/chat.search", this::search);
    }

    private void search(Context ctx) {
        User caller = auth.require(ctx);
        String roomId = ctx.queryParam("roomId");
        if (roomId == null || roomId.isBlank()) {
            throw RcException.invalid("error-roomId-param-not-provided", "The required \"roomId\" query param is missing.");
        }
        String text = ctx.queryParam("searchText");
        if (text == null || text.isBlank()) {
            throw RcException.invalid("error-searchText-param-not-provided",
                    "The required \"searchText\" query param is missing.");
        }
        int count = RequestReader.intParam(ctx, "count", DEFAULT_COUNT);
        int offset = RequestReader.intParam(ctx, "offset", 0);
        Room room = search.readableRoom(caller, roomId).orElseThrow(MessageSearch::notReadable);
        Replies.ok(ctx, Replies.of("messages",
                search.search(caller, room, text, count, offset).stream().map(Views::message).toList()));
    }
}
