package dev.fedchat.server.federation.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fedchat.server.error.RcException;
import dev.fedchat.server.federation.delivery.Outbox;
import dev.fedchat.server.federation.transport.FederationClient;
import dev.fedchat.server.federation.transport.PeerCallException;
import dev.fedchat.server.room.Room;
import dev.fedchat.server.room.RoomService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Filling holes in a room's graph with {@code federation.events.requestFromLatest}
 * (federation-protocol.md §7.5), both ways, bounded where Rocket.Chat was not:
 * <ul>
 *   <li><b>Asking</b> ({@link #ask}): when a peer's event names parents we lack, or a room we do not
 *       hold, we tell the event's origin which of its events we hold, at most once a minute per room
 *       and origin, off the dispatch thread; for ten minutes after, that peer may relay events of
 *       that room that other servers created ({@link #mayRelay}).</li>
 *   <li><b>Answering</b> ({@link #answer}): the events of the room a peer lacks — from the oldest
 *       it says it holds, all when it holds none — at most {@link #MAX_REPLAY} of them, queued in
 *       our durable outbox for that peer instead of Rocket.Chat's synchronous re-dispatch inside the
 *       request, so a large room cannot time the request out and a failure is retried.</li>
 * </ul>
 */
public final class EventGaps implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventGaps.class);
    public static final int MAX_REPLAY = 1000;
    private static final int MAX_LATEST_IDS = 500;
    private static final long ASK_INTERVAL_MILLIS = 60_000;
    private static final long RELAY_WINDOW_MILLIS = 10 * 60_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Jdbi jdbi;
    private final RoomService rooms;
    private final Outbox outbox;
    private final FederationClient client;
    private final Clock clock;
    private final Supplier<String> ownDomain;
    /** room|origin → when we last asked; bounded by the rooms and peers we talk with. */
    private final Map<String, Long> asked = new ConcurrentHashMap<>();
    private final ExecutorService asker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "federation-gaps");
        t.setDaemon(true);
        return t;
    });

    public EventGaps(Jdbi jdbi, RoomService rooms, Outbox outbox, FederationClient client, Clock clock, Supplier<String> ownDomain) {
        this.jdbi = jdbi;
        this.rooms = rooms;
        this.outbox = outbox;
        this.client = client;
        this.clock = clock;
        this.ownDomain = ownDomain;
    }

    /** Asks {@code origin} for the events of {@code roomId} we lack, unless we asked it recently. */
    public void ask(String origin, String roomId) {
        long now = clock.millis();
        String key = roomId + "|" + origin;
        Long last = asked.get(key);
        if (last != null && now - last < ASK_INTERVAL_MILLIS) {
            return;
        }
        asked.put(key, now);
        asker.execute(() -> {
            List<String> held = jdbi.withHandle(h -> h.attach(EventDao.class).idsFrom(roomId, origin, MAX_LATEST_IDS));
            ObjectNode body = JSON.createObjectNode();
            body.put("fromDomain", ownDomain.get());
            body.put("contextType", "room");
            body.putObject("contextQuery").put("roomId", roomId);
            held.forEach(body.putArray("latestEventIds")::add);
            if (held.isEmpty()) {
                body.putArray("latestEventIds");
            }
            try {
                client.post(origin, "federation.events.requestFromLatest", body.toString());
                log.info("Asked {} for the events of room {} this server lacks (it holds {} of theirs)", origin, roomId, held.size());
            } catch (PeerCallException e) {
                log.warn("Could not ask {} for the missing events of room {}: {}", origin, roomId, e.getMessage());
            }
        });
    }

    /** True when {@code sender} may pass on other servers' events of {@code roomId}: we asked it to, recently. */
    public boolean mayRelay(String sender, String roomId) {
        Long at = asked.get(roomId + "|" + sender);
        return at != null && clock.millis() - at < RELAY_WINDOW_MILLIS;
    }

    /** Queues for {@code requester} the events of the room it says it lacks; returns how many. */
    public int answer(String requester, JsonNode body) {
        String from = body.path("fromDomain").asText("");
        if (!from.equalsIgnoreCase(requester)) {
            throw new RcException(400, null, "fromDomain " + from + " is not the requesting server " + requester);
        }
        String roomId = body.path("contextQuery").path("roomId").asText("");
        Room room = rooms.byId(roomId).orElseThrow(() -> new RcException(400, null, "This server has no room " + roomId));
        if (room.federation() == null || !room.federation().domains().contains(requester)) {
            throw new RcException(400, null, requester + " does not take part in room " + roomId);
        }
        List<String> latest = new ArrayList<>();
        body.path("latestEventIds").forEach(id -> latest.add(id.asText()));
        if (latest.size() > MAX_LATEST_IDS) {
            latest.subList(MAX_LATEST_IDS, latest.size()).clear();
        }
        return jdbi.inTransaction(h -> {
            EventDao dao = h.attach(EventDao.class);
            Long since = latest.isEmpty() ? Long.valueOf(Long.MIN_VALUE) : dao.oldestOf(roomId, latest);
            if (since == null) {
                since = Long.MIN_VALUE; // it holds none we know: everything
            }
            Set<String> held = new HashSet<>(latest);
            int queued = 0;
            for (String id : dao.idsSince(roomId, since, MAX_REPLAY + held.size())) {
                if (!held.contains(id) && queued < MAX_REPLAY) {
                    outbox.enqueue(h, id, List.of(requester));
                    queued++;
                }
            }
            log.info("{} asked for the events of room {} it lacks: {} queued for it", requester, roomId, queued);
            return queued;
        });
    }

    @Override
    public void close() {
        asker.shutdownNow();
    }
}
