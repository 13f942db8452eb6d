package dev.fedchat.server.api.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.api.view.Spotlight;
import dev.fedchat.server.api.view.Views;
import dev.fedchat.server.api.view.UserViews;
import dev.fedchat.server.error.RcException;
import dev.fedchat.server.federation.users.QualifiedName;
import dev.fedchat.server.federation.channels.PublicChannels;
import dev.fedchat.server.federation.users.RemoteUsers;
import dev.fedchat.server.room.RoomService;
import dev.fedchat.server.user.User;
import dev.fedchat.server.user.UserScope;
import dev.fedchat.server.user.UserService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code directory} (users, public channels) and {@code spotlight} (users, public channels and the
 * caller's own groups), client-api.md §2.7.
 *
 * <p>Users of other servers (client-api.md §5.2, federation-protocol.md §10): the directory's
 * {@code workspace} picks this server's users ({@code local}, the default), the copies of other
 * servers' users already known here ({@code external}) or both ({@code all}). With
 * {@code external} or {@code all} and a {@code text} of the form {@code user@domain}, that domain's
 * server is searched too and its users come first, as in Rocket.Chat. Spotlight asks a peer for
 * a qualified {@code user@domain} too, and keeps its local results when the peer cannot answer
 * ({@link Spotlight}).
 */
final class SearchRoutes {
    private final UserService users;
    private final UserViews userViews;
    private final RemoteUsers remoteUsers;
    private final PublicChannels publicChannels;
    private final RoomService rooms;
    private final Auth auth;
    private final RequestReader reader;
    private final Spotlight spotlight;

    SearchRoutes(UserService users, RemoteUsers remoteUsers, PublicChannels publicChannels, RoomService rooms, Auth auth,
                 RequestReader reader, UserViews userViews) {
        this.publicChannels = publicChannels;
        this.userViews = userViews;
        this.users = users;
        this.remoteUsers = remoteUsers;
        this.rooms = rooms;
        this.auth = auth;
        this.reader = reader;
        this.spotlight = new Spotlight(users, remoteUsers, rooms, userViews);
    }

    void install(RoutesConfig routes) {
        routes.get("/api/v1/directory", this::directory);
        routes.get("/api/v1/spotlight", this::spotlight);
    }

    /** Parameters come plain (7.x) or inside {@code query={...}} (before 7.0); both are accepted. */
    private void directory(Context ctx) {
        auth.require(ctx);
        JsonNode query = parseQuery(ctx.queryParam("query"));
        String text = param(ctx, query, "text", "");
        String type = param(ctx, query, "type", "channels");
        String workspace = param(ctx, query, "workspace", null);
        RequestReader.Page page = reader.page(ctx);
        List<Map<String, Object>> result;
        long total;
        switch (type) {
            case "users" -> {
                UserScope scope = UserScope.parse(workspace).orElseThrow(() -> RcException.invalidParams(
                        "workspace must be 'local', 'external' or 'all', got '" + workspace + "'"));
                // the peer first: its answer refreshes our copies (a user deactivated there), then ours are read
                List<User> asked = scope != UserScope.LOCAL && page.offset() == 0 && QualifiedName.looksQualified(text)
                        ? remoteUsers.search(text) : null;
                List<User> found = new ArrayList<>(users.search(text, scope, page.count(), page.offset()));
                total = users.countSearch(text, scope);
                if (asked != null) {
                    List<User> fromPeer = notListed(asked, found);
                    found.addAll(0, fromPeer);
                    total += fromPeer.size();
                }
                result = found.stream().map(userViews::listed).toList();
            }
            case "channels" -> {
                int at = text.lastIndexOf('@');
                boolean elsewhere = workspace != null && !workspace.equals("local") && at >= 0 && at < text.length() - 1;
                if (elsewhere && page.offset() == 0) {
                    // another server's open channels (issue 13 §2), asked of it now: general@beta.example, or @beta.example for all
                    result = publicChannels.search(text.substring(at + 1).toLowerCase(java.util.Locale.ROOT), text.substring(0, at))
                            .stream().map(Spotlight::room).toList();
                    total = result.size();
                } else {
                    result = rooms.searchChannels(text, page.count(), page.offset()).stream().map(Spotlight::room).toList();
                    total = rooms.countSearchChannels(text);
                }
            }
            case "teams" -> {
                result = List.of();
                total = 0;
            }
            default -> throw RcException.invalidParams("type must be 'users', 'channels' or 'teams', got '" + type + "'");
        }
        Replies.ok(ctx, Replies.of("result", result, "count", result.size(), "offset", page.offset(), "total", total));
    }

    /** {@link Spotlight}: the same finder as the Meteor method the mobile app calls. */
    private void spotlight(Context ctx) {
        User caller = auth.require(ctx);
        Replies.ok(ctx, spotlight.find(caller, Spotlight.Query.of(RequestReader.required(ctx, "query"))));
    }

    /** The peer's users that are not on the page already (known remote users it found again). */
    private static List<User> notListed(List<User> fromPeer, List<User> listed) {
        Set<String> ids = listed.stream().map(User::id).collect(Collectors.toSet());
        return fromPeer.stream().filter(u -> !ids.contains(u.id())).toList();
    }

    private JsonNode parseQuery(String text) {
        if (text == null || text.isBlank()) {
            return reader.json().createObjectNode();
        }
        try {
            return reader.json().readTree(text);
        } catch (JsonProcessingException e) {
            throw RcException.invalidParams("'query' must be a JSON object: " + e.getOriginalMessage());
        }
    }

    private static String param(Context ctx, JsonNode query, String name, String fallback) {
        String plain = ctx.queryParam(name);
        if (plain != null) {
            return plain;
        }
        JsonNode n = query.get(name);
        return n != null && n.isTextual() ? n.textValue() : fallback;
    }
}
