package dev.fedchat.server.api.peer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.api.json.BoundedBody;
import dev.fedchat.server.api.json.StorableText;
import dev.fedchat.server.error.RcException;
import dev.fedchat.server.federation.transport.FederationClient;
import dev.fedchat.server.federation.transport.Inbound;
import dev.fedchat.server.federation.transport.InboundRequests;
import dev.fedchat.server.federation.transport.SigningPeers;
import dev.fedchat.server.federation.users.RemoteUsers;
import dev.fedchat.server.room.Room;
import dev.fedchat.server.room.RoomService;
import dev.fedchat.server.user.User;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Our public channels opened to federation, as other fedchat servers reach them (issue 13 §2):
 * <ul>
 *   <li>{@code GET /api/v1/federation.channels.search?text=} → {@code {channels:[{_id, name, fname,
 *       topic?, msgs, usersCount, ts}]}}: our open channels whose name contains {@code text};</li>
 *   <li>{@code POST /api/v1/federation.channels.join} (sealed: {@code {room, user}}) → {@code {channel}}:
 *       the sender's user joins our open channel {@code room} (id or name); the room's genesis and
 *       members then reach the sender through the ordinary event stream.</li>
 * </ul>
 * Both are fedchat's own, so both take only signed requests ({@code RequestProof}): a stranger or a
 * Rocket.Chat peer gets 403 and learns nothing. A join speaks for a user of the sender only, and
 * only for a channel that is ours and open; everything else is refused with the rule it broke and
 * changes nothing.
 */
public final class PeerChannelRoutes {
    private static final int MAX_LISTED = 20;
    /** A join request is a user and a room name: small. */
    private static final int MAX_BODY_BYTES = 64 * 1024;

    private final InboundRequests inbound;
    private final SigningPeers signingPeers;
    private final RoomService rooms;
    private final RemoteUsers remoteUsers;
    private final PeerRateLimits limits;

    public PeerChannelRoutes(InboundRequests inbound, SigningPeers signingPeers, RoomService rooms, RemoteUsers remoteUsers,
                             PeerRateLimits limits) {
        this.inbound = inbound;
        this.signingPeers = signingPeers;
        this.rooms = rooms;
        this.remoteUsers = remoteUsers;
        this.limits = limits;
    }

    public void install(RoutesConfig routes) {
        routes.get("/api/v1/federation.channels.search", this::search);
        routes.post("/api/v1/federation.channels.join", this::join);
    }

    private void search(Context ctx) {
        inbound.requireEnabled();
        String header = ctx.header(FederationClient.DOMAIN_HEADER);
        String domain = header == null || header.isBlank() ? null : inbound.claimedDomain(header);
        if (domain == null || !inbound.proven(domain, PeerRequests.of(ctx, new byte[0]))) {
            throw unsigned();
        }
        limits.chargeProven(ctx, domain);
        String text = ctx.queryParam("text") == null ? "" : ctx.queryParam("text");
        List<Map<String, Object>> channels = rooms.openChannels(text, MAX_LISTED).stream().map(this::describe).toList();
        ctx.json(Map.of("channels", channels, "success", true));
    }

    private void join(Context ctx) {
        inbound.requireEnabled();
        byte[] raw = BoundedBody.read(ctx, MAX_BODY_BYTES, "A join request");
        Inbound proven = inbound.open(PeerRequests.of(ctx, raw));
        if (signingPeers.signingSince(proven.domain()).isEmpty()) {
            throw unsigned(); // proven by its key, but unsigned: not a fedchat server
        }
        limits.chargeProven(ctx, proven.domain());
        StorableText.require("the join request", proven.body());
        JsonNode body = proven.body();
        String roomRef = body.path("room").asText("");
        if (roomRef.isBlank() || roomRef.length() > 128) {
            throw RcException.invalidParams("'room' must name a channel (its id or name)");
        }
        rooms.requireOpenChannel(roomRef); // before the user is imported: a refused join writes nothing
        JsonNode user = body.path("user");
        String home = remoteUsers.originOf(user, proven.domain());
        if (!home.equals(proven.domain())) {
            throw new RcException(403, "error-federation-not-your-user", proven.domain() + " can only ask for its own users"
                    + " to join; the user it named is of " + home);
        }
        User remote = remoteUsers.importNormalized(user, proven.domain());
        Room room = rooms.admitFromPeer(roomRef, remote);
        ctx.json(Map.of("channel", describe(room), "success", true));
    }

    private Map<String, Object> describe(Room room) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("_id", room.id());
        c.put("name", room.name());
        c.put("fname", room.name());
        if (room.topic() != null) {
            c.put("topic", room.topic());
        }
        c.put("msgs", room.messageCount());
        c.put("usersCount", rooms.members(room).size());
        c.put("ts", Instant.ofEpochMilli(room.createdAt()).toString());
        return c;
    }

    private static RcException unsigned() {
        return new RcException(403, "error-federation-unsigned", "Public channels across servers are fedchat's own:"
                + " this endpoint takes only requests signed by a fedchat server");
    }
}
