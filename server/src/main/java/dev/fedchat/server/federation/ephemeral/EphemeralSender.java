package dev.fedchat.server.federation.ephemeral;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.fedchat.protocol.time.ClockTicker;
import dev.fedchat.server.federation.settings.FederationSettings;
import dev.fedchat.server.federation.transport.FederationClient;
import dev.fedchat.server.federation.transport.PeerCallException;
import dev.fedchat.server.federation.transport.PeerRateLimiter;
import dev.fedchat.server.federation.transport.SigningPeers;
import dev.fedchat.server.presence.PresenceChange;
import dev.fedchat.server.presence.TypingEvent;
import dev.fedchat.server.room.Room;
import dev.fedchat.server.room.RoomService;
import dev.fedchat.server.settings.SettingsService;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends our users' presence changes and typing in federated rooms to the fedchat peers that share
 * a room with them, as ephemeral events ({@code POST federation.ephemeral}, one event a request,
 * signed, docs/federation-security.md "Ephemeral events").
 *
 * <p>Best effort, never durable: nothing goes into the room's event graph or the outbox. A send
 * is dropped — counted, logged at DEBUG — when the queue of {@link #MAX_QUEUED} is full, when a
 * peer spent its {@link #PER_PEER_PER_SECOND} a second (after a burst of {@link #PER_PEER_BURST}),
 * or when the peer failed a send in the last {@link #DOWN_FOR}; each send waits at most
 * {@link #TIMEOUT}. Rocket.Chat peers get nothing: only domains known to sign their requests
 * ({@link SigningPeers}) speak fedchat's endpoint. The listener methods run on the changing thread
 * and only enqueue; the sending is on one daemon thread. Close to stop it.
 */
public final class EphemeralSender implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EphemeralSender.class);
    public static final String METHOD = "federation.ephemeral";
    static final int MAX_QUEUED = 1_000;
    static final double PER_PEER_PER_SECOND = 20;
    static final int PER_PEER_BURST = 100;
    static final Duration DOWN_FOR = Duration.ofSeconds(30);
    static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final FederationClient client;
    private final RoomService rooms;
    private final SigningPeers signingPeers;
    private final SettingsService settings;
    private final ObjectMapper json;
    private final PeerRateLimiter perPeer;
    /** Peers whose last send failed, for {@link #DOWN_FOR}: sends to them are dropped meanwhile. */
    private final Cache<String, String> down;
    private final ThreadPoolExecutor sending;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    public EphemeralSender(FederationClient client, RoomService rooms, SigningPeers signingPeers, SettingsService settings,
                           ObjectMapper json, Clock clock) {
        this.client = client;
        this.rooms = rooms;
        this.signingPeers = signingPeers;
        this.settings = settings;
        this.json = json;
        this.perPeer = new PeerRateLimiter(clock, PER_PEER_PER_SECOND, PER_PEER_BURST);
        this.down = Caffeine.newBuilder().ticker(ClockTicker.of(clock)).expireAfterWrite(DOWN_FOR).maximumSize(10_000).build();
        this.sending = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(MAX_QUEUED), r -> {
            Thread t = new Thread(r, "federation-ephemeral");
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
    }

    /** The {@code PresenceService} listener: a local user's change goes to the peers of their federated rooms. */
    public void onPresence(PresenceChange change) {
        if (!change.local() || !federating()) {
            return;
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "presence");
        event.put("userId", change.user().id());
        event.put("status", change.presence().status().wire());
        if (change.presence().text() != null) {
            event.put("statusText", change.presence().text());
        }
        // the rooms are read on the sending thread: the change's thread holds the presence lock
        enqueue(() -> send(peersOf(rooms.rooms(change.user(), 0)), event));
    }

    /** The {@code Typing} listener: a local user's typing in a federated room goes to the room's other fedchat servers. */
    public void onTyping(TypingEvent typing) {
        if (!typing.local() || typing.room().federation() == null || !federating()) {
            return;
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "typing");
        event.put("roomId", typing.room().id());
        event.put("userId", typing.user().id());
        event.put("activities", typing.activities());
        if (typing.extras().get("tmid") != null) {
            event.put("tmid", typing.extras().get("tmid"));
        }
        enqueue(() -> send(peersOf(List.of(typing.room())), event));
    }

    private boolean federating() {
        return settings.bool(FederationSettings.ENABLED);
    }

    private void enqueue(Runnable task) {
        try {
            sending.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.warn("Could not send an ephemeral event: {}", e.toString(), e);
                }
            });
        } catch (RejectedExecutionException full) {
            dropped.incrementAndGet();
            log.debug("Dropped an ephemeral event: {} are waiting already", MAX_QUEUED);
        }
    }

    /** The other signing domains of {@code of}. */
    private Set<String> peersOf(List<Room> of) {
        String own = client.ownDomain();
        Set<String> domains = new LinkedHashSet<>();
        for (Room room : of) {
            if (room.federation() != null) {
                domains.addAll(room.federation().domains());
            }
        }
        domains.remove(own);
        domains.removeIf(d -> signingPeers.signingSince(d).isEmpty());
        return domains;
    }

    private void send(Set<String> domains, Map<String, Object> event) {
        String body;
        try {
            body = json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an ephemeral event could not be serialised", e);
        }
        for (String domain : domains) {
            if (down.getIfPresent(domain) != null || perPeer.take(domain) > 0) {
                dropped.incrementAndGet();
                log.debug("Dropped an ephemeral {} event for {}: down or over its rate", event.get("type"), domain);
                continue;
            }
            try {
                client.postSigned(domain, METHOD, body, TIMEOUT);
                sent.incrementAndGet();
            } catch (PeerCallException e) {
                dropped.incrementAndGet();
                if (down.asMap().putIfAbsent(domain, e.getMessage()) == null) {
                    log.info("Ephemeral events (presence, typing) for {} are dropped for {} s: {}", domain,
                            DOWN_FOR.toSeconds(), e.getMessage());
                }
            }
        }
    }

    /** Events sent, one per peer (for tests and the benchmark). */
    public long sent() {
        return sent.get();
    }

    /** Events dropped, one per peer or per full queue. */
    public long dropped() {
        return dropped.get();
    }

    @Override
    public void close() {
        sending.shutdownNow();
    }
}
