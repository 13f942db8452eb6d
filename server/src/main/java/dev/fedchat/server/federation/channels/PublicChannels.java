package dev.fedchat.server.federation.channels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.fedchat.server.error.RcException;
import dev.fedchat.server.federation.transport.FederationClient;
import dev.fedchat.server.federation.transport.PeerCallException;
import dev.fedchat.server.federation.transport.SigningPeers;
import dev.fedchat.server.federation.users.UserNormalizer;
import dev.fedchat.server.room.RemoteChannels;
import dev.fedchat.server.room.Room;
import dev.fedchat.server.room.RoomFederation;
import dev.fedchat.server.user.User;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Public channels of other fedchat servers, seen from here (issue 13 §2; Rocket.Chat never shipped
 * them, PR #20031): a directory search asks a server for its open channels, and joining one asks
 * its origin to add our user ({@code federation.channels.search}, {@code federation.channels.join},
 * both signed, answered by {@code api/peer/PeerChannelRoutes}). The origin then sends the room's
 * genesis and members through the ordinary event stream, so from there on it is a federated room
 * like any other. Only servers that sign their requests (fedchat peers) are asked: a Rocket.Chat
 * peer has no such endpoints, and an admin would only see a 404.
 *
 * <p>Thread-safe: calls run on the caller's thread; the listing memory is a bounded Caffeine cache.
 */
public final class PublicChannels implements RemoteChannels {
    private static final Logger log = LoggerFactory.getLogger(PublicChannels.class);
    static final String SEARCH = "federation.channels.search";
    static final String JOIN = "federation.channels.join";
    /** The most channels one server's answer may list; more is a misbehaving peer. */
    public static final int MAX_LISTED = 50;

    private final FederationClient client;
    private final UserNormalizer normalizer;
    private final SigningPeers signingPeers;
    private final ObjectMapper json;
    /** Channel ids listed by a search lately → their origin, so a client that joins by id reaches it. */
    private final Cache<String, String> listed;
    /** Channels one of our users asked to join → their origin, until the room has had time to arrive. */
    private final Cache<String, String> asked;
    /** Servers that answered a channel search: fedchat servers, though they never sent us a request. */
    private final Cache<String, Boolean> fedchatPeers;

    public PublicChannels(FederationClient client, UserNormalizer normalizer, SigningPeers signingPeers, ObjectMapper json,
                          Clock clock) {
        this.client = client;
        this.normalizer = normalizer;
        this.signingPeers = signingPeers;
        this.json = json;
        this.listed = memory(clock);
        this.asked = memory(clock);
        this.fedchatPeers = memory(clock);
    }

    /** A memory of up to 10,000 entries kept an hour on the server's clock. */
    private static <V> Cache<String, V> memory(Clock clock) {
        return Caffeine.newBuilder().expireAfterWrite(Duration.ofHours(1)).maximumSize(10_000)
                .ticker(() -> clock.millis() * 1_000_000L).build();
    }

    /** {@code domain}'s open channels whose name contains {@code text}, as it describes them; each remembered for a join by id. */
    public List<Room> search(String domain, String text) {
        JsonNode answer;
        try {
            answer = client.get(domain, SEARCH, Map.of("text", text));
        } catch (PeerCallException e) {
            throw failed(domain, "list its channels", e);
        }
        JsonNode list = answer.path("channels");
        if (!list.isArray()) {
            throw invalidAnswer(domain, "its answer has no list of 'channels'");
        }
        List<Room> found = new ArrayList<>();
        for (int i = 0; i < Math.min(list.size(), MAX_LISTED); i++) {
            Room room = channelOf(domain, list.get(i));
            listed.put(room.id(), domain);
            found.add(room);
        }
        return found;
    }

    @Override
    public Room askToJoin(User user, String origin, String roomRef) {
        if (user.isRemote()) {
            throw new IllegalArgumentException("only our own users join other servers' channels: " + user.username());
        }
        String peer = origin.toLowerCase(Locale.ROOT);
        Map<String, Object> body = Map.of("room", roomRef, "user", normalizer.normalize(user));
        JsonNode answer;
        try {
            answer = client.post(peer, JOIN, json.writeValueAsString(body));
        } catch (PeerCallException e) {
            throw failed(peer, "let " + user.username() + " join " + roomRef, e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a join request could not be written", e);
        }
        Room room = channelOf(peer, answer.path("channel"));
        asked.put(room.id(), peer);
        log.info("{} joined channel {} ({}) of {}; the room arrives with its events", user.username(), room.name(),
                room.id(), peer);
        return room;
    }

    @Override
    public boolean joinAsked(String roomId, String origin) {
        return origin.equals(asked.getIfPresent(roomId));
    }

    @Override
    public Optional<String> listedOrigin(String roomId) {
        return Optional.ofNullable(listed.getIfPresent(roomId));
    }

    /**
     * True when {@code domain} signs its requests to us (a fedchat server), or, never having sent
     * us one, answers our signed channel search (a Rocket.Chat server has no such endpoint and
     * answers 404). A server that does not answer now cannot be told apart: refused in words.
     */
    @Override
    public boolean takesPublicChannels(String domain) {
        if (signingPeers.signingSince(domain).isPresent() || fedchatPeers.getIfPresent(domain) != null) {
            return true;
        }
        try {
            client.get(domain, SEARCH, Map.of("text", ""));
        } catch (PeerCallException e) {
            if (e.kind() == PeerCallException.Kind.REJECTED) {
                return false;
            }
            throw failed(domain, "say whether it takes public channels", e);
        }
        fedchatPeers.put(domain, Boolean.TRUE);
        return true;
    }

    /** A channel as {@code origin} describes it: the room we will hold once it arrives, named with its origin. */
    private Room channelOf(String origin, JsonNode c) {
        String id = c.path("_id").asText("");
        String name = c.path("name").asText("");
        if (id.isEmpty() || id.length() > 128 || name.isEmpty() || name.length() > 255) {
            throw invalidAnswer(origin, "a channel it listed has no valid _id and name");
        }
        String qualified = name.contains("@") ? name : name + "@" + origin;
        if (!qualified.toLowerCase(Locale.ROOT).endsWith("@" + origin)) {
            throw invalidAnswer(origin, "it listed " + qualified + ", a channel of another server");
        }
        long ts = c.path("ts").isTextual() ? parse(c.path("ts").asText()) : 0L;
        TreeSet<String> domains = new TreeSet<>(List.of(origin, client.ownDomain()));
        String topic = c.path("topic").isTextual() ? c.path("topic").asText() : null;
        return new Room(id, Room.CHANNEL, qualified, qualified.toLowerCase(Locale.ROOT), null, null, false, topic, null, null,
                c.path("msgs").asInt(0), null, null, ts, ts, new RoomFederation(origin, List.copyOf(domains)));
    }

    private static long parse(String iso) {
        try {
            return Instant.parse(iso).toEpochMilli();
        } catch (RuntimeException e) {
            return 0L;
        }
    }

    private static RcException failed(String domain, String what, PeerCallException e) {
        if (e.kind() == PeerCallException.Kind.REJECTED) {
            return RcException.invalid("error-federation-peer-refused", domain + " did not " + what + ": " + e.getMessage());
        }
        return RcException.invalid("error-federation-peer-unreachable", domain + " doesn't answer right now, so it could"
                + " not " + what + "; try again later (" + e.getMessage() + ")");
    }

    private static RcException invalidAnswer(String domain, String why) {
        return RcException.invalid("error-federation-invalid-answer", domain + " answered in a way this server cannot"
                + " use: " + why);
    }
}
