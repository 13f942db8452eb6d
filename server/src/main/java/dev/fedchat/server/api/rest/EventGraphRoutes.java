package dev.fedchat.server.api.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fedchat.server.auth.AuthService;
import dev.fedchat.server.federation.events.EventGraph;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The event graph of a federated room, for the admin console's debugging view (issue 6 §2, as
 * Rocket.Chat's visualizer had). Admins only.
 *
 * <ul>
 *   <li>{@code GET /api/v1/federation.events?roomId=...[&count=50&offset=0]}: {@code events}, each
 *       {@code id, type, origin, ts (ISO-8601), parentIds, leaf}, in stored order, paged as
 *       Rocket.Chat's lists are ({@code count} at most 100) with {@code count, offset, total};
 *       {@code error-invalid-room} for an id that names no room.</li>
 * </ul>
 *
 * <p>Installed by the composition root beside {@link RestApi}, whose error mapping renders its
 * failures.
 */
public final class EventGraphRoutes {
    private final EventGraph graph;
    private final Auth auth;
    private final RequestReader reader;

    public EventGraphRoutes(AuthService authService, ObjectMapper json, EventGraph graph) {
        this.graph = graph;
        this.auth = new Auth(authService);
        this.reader = new RequestReader(json);
    }

    public void install(RoutesConfig routes) {
        routes.get("/api/v1/federation.events", this::events);
    }

    private void events(Context ctx) {
        auth.requireAdmin(ctx);
        String roomId = RequestReader.required(ctx, "roomId");
        RequestReader.Page page = reader.page(ctx);
        EventGraph.Page events = graph.page(roomId, page.count(), page.offset());
        Replies.ok(ctx, Replies.of("roomId", roomId, "events", events.events().stream().map(EventGraphRoutes::view).toList(),
                "count", events.events().size(), "offset", page.offset(), "total", events.total()));
    }

    private static Map<String, Object> view(EventGraph.Node n) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", n.id());
        v.put("type", n.type());
        v.put("origin", n.origin());
        v.put("ts", n.ts());
        v.put("parentIds", n.parentIds());
        v.put("leaf", n.leaf());
        return v;
    }
}
