package dev.fedchat.server.federation.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.fedchat.protocol.time.ClockTicker;
import dev.fedchat.server.error.RcException;
import dev.fedchat.server.federation.delivery.Outbox;
import dev.fedchat.server.federation.transport.FederationClient;
import dev.fedchat.server.federation.transport.PeerCallException;
import dev.fedchat.server.room.Room;
import dev.fedchat.server.room.RoomService;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Filling holes in a room's graph with {@code federation.events.requestFromLatest}
 * (federation-protocol.md §7.5), both ways, bounded where Rocket.Chat was not (issue 12 §1, §4):
 * <ul>
 *   <li><b>Asking</b> ({@link #ask}): when a peer's event names parents we lack, or a room we do not
 *       hold, we tell the event's origin which of its events we hold, at most once a minute per room
 *       and origin and {@link #MAX_ASKS_PER_ORIGIN} new rooms a minute per origin, off the dispatch
 *       thread, with at most {@link #MAX_WAITING_ASKS} asks waiting: a batch naming a thousand unknown
 *       rooms makes us send a handful of requests, not a thousand. For ten minutes after, that peer's
 *       answer may carry other servers' events of the room ({@link #askedRecently}; what else a
 *       relayed event must pass is {@link BatchEnvelopes}').</li>
 *   <li><b>Answering</b> ({@link #answer}): the events of the room a peer lacks, from the oldest it
 *       says it holds (all when it holds none), at most {@link #MAX_REPLAY}, queued in our durable
 *       outbox for that peer instead of Rocket.Chat's synchronous re-dispatch inside the request.
 *       Once per room and peer a minute: the same request again within it queues nothing (40 such
 *       requests made a 5-event room send 203 events). Never what is queued for the peer already,
 *       never its own events, never another server's genesis (which it would refuse).</li>
 * </ul>
 * Thread-safe: the windows are Caffeine caches on the server's clock; asks run on one thread.
 */
public final class EventGaps implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventGaps.class);
    public static final int MAX_REPLAY = 1000;
    private static final int MAX_LATEST_IDS = 500;
    static final Duration ASK_INTERVAL = Duration.ofMinutes(1);
    static final Duration RELAY_WINDOW = Duration.ofMinutes(10);
    static final Duration ANSWER_INTERVAL = Duration.ofMinutes(1);
    /** New rooms asked of one origin a minute at most: a peer cannot make us send it requests without bound. */
    static final int MAX_ASKS_PER_ORIGIN = 20;
    static final int MAX_WAITING_ASKS = 100;
    /** Rooms and peers remembered at most in each window: more than any server talks with in ten minutes. */
    private static final int MAX_KEYS = 100_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Jdbi jdbi;
    private final RoomService rooms;
    private final Outbox outbox;
    private final FederationClient client;
    private final Supplier<String> ownDomain;
    /** room|origin → when we asked it; kept through the relay window. */
    private final Cache<String, Long> asked;
    /** origin → rooms asked of it in the current minute. */
    private final Cache<String, AtomicInteger> asksPerOrigin;
    /** room|requester → answered within the last minute. */
    private final Cache<String, Boolean> answered;
    private final Clock clock;
    /** Requests for missing events sent so far (tests; what a flood of unknown rooms made us send). */
    private final AtomicLong asksSent = new AtomicLong();
    private final ThreadPoolExecutor asker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(MAX_WAITING_ASKS), r -> {
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
        Ticker ticker = ClockTicker.of(clock);
        this.asked = Caffeine.newBuilder().ticker(ticker).expireAfterWrite(RELAY_WINDOW).maximumSize(MAX_KEYS).build();
        this.asksPerOrigin = Caffeine.newBuilder().ticker(ticker).expireAfterWrite(Duration.ofMinutes(1)).maximumSize(MAX_KEYS).build();
        this.answered = Caffeine.newBuilder().ticker(ticker).expireAfterWrite(ANSWER_INTERVAL).maximumSize(MAX_KEYS).build();
    }

    /** Asks {@code origin} for the events of {@code roomId} we lack, unless we asked it recently or too often. */
    public void ask(String origin, String roomId) {
        String key = roomId + "|" + origin;
        Long last = asked.getIfPresent(key);
        long now = clock.millis();
        if (last != null && now - last < ASK_INTERVAL.toMillis()) {
            return;
        }
        if (last == null && asksPerOrigin.get(origin, o -> new AtomicInteger()).incrementAndGet() > MAX_ASKS_PER_ORIGIN) {
            log.debug("Not asking {} for the events of room {}: it was asked about {} rooms this minute already",
                    origin, roomId, MAX_ASKS_PER_ORIGIN);
            return;
        }
        asked.put(key, now);
        try {
            asker.execute(() -> send(origin, roomId));
        } catch (RejectedExecutionException busy) {
            asked.invalidate(key); // not asked after all: a later event may ask again
            log.info("Not asking {} for the events of room {} now: {} requests for missing events wait already",
                    origin, roomId, MAX_WAITING_ASKS);
        }
    }

    private void send(String origin, String roomId) {
        List<String> held = jdbi.withHandle(h -> h.attach(EventDao.class).idsFrom(roomId, origin, MAX_LATEST_IDS));
        ObjectNode body = JSON.createObjectNode();
        body.put("fromDomain", ownDomain.get());
        body.put("contextType", "room");
        body.putObject("contextQuery").put("roomId", roomId);
        held.forEach(body.putArray("latestEventIds")::add);
        if (held.isEmpty()) {
            body.putArray("latestEventIds");
        }
        asksSent.incrementAndGet();
        try {
            client.post(origin, "federation.events.requestFromLatest", body.toString());
            log.info("Asked {} for the events of room {} this server lacks (it holds {} of theirs)", origin, roomId, held.size());
        } catch (PeerCallException e) {
            log.warn("Could not ask {} for the missing events of room {}: {}", origin, roomId, e.getMessage());
        }
    }

    /** True when we asked {@code sender} for the events of {@code roomId} within the relay window. */
    public boolean askedRecently(String sender, String roomId) {
        return asked.getIfPresent(roomId + "|" + sender) != null;
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
        String key = roomId + "|" + requester;
        if (answered.asMap().putIfAbsent(key, Boolean.TRUE) != null) {
            log.debug("{} asked again for the events of room {} within {}; what it lacked is queued already",
                    requester, roomId, ANSWER_INTERVAL);
            return 0;
        }
        List<String> latest = new ArrayList<>();
        body.path("latestEventIds").forEach(id -> latest.add(id.asText()));
        if (latest.size() > MAX_LATEST_IDS) {
            latest.subList(MAX_LATEST_IDS, latest.size()).clear();
        }
        try {
            return jdbi.inTransaction(h -> {
                EventDao dao = h.attach(EventDao.class);
                Long since = latest.isEmpty() ? null : dao.oldestOf(roomId, latest);
                Set<String> held = new HashSet<>(latest);
                int queued = 0;
                for (String id : dao.lackedBy(roomId, since == null ? Long.MIN_VALUE : since, requester, ownDomain.get(),
                        MAX_REPLAY + held.size())) {
                    if (!held.contains(id) && queued < MAX_REPLAY) {
                        outbox.enqueue(h, id, List.of(requester));
                        queued++;
                    }
                }
                log.info("{} asked for the events of room {} it lacks: {} queued for it", requester, roomId, queued);
                return queued;
            });
        } catch (RuntimeException e) {
            answered.invalidate(key); // nothing was queued: the next request is answered
            throw e;
        }
    }

    /** How many requests for missing events this server has sent (or tried to). */
    public long asksSent() {
        return asksSent.get();
    }

    @Override
    public void close() {
        asker.shutdownNow();
    }
}
