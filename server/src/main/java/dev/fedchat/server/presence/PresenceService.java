package dev.fedchat.server.presence;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.fedchat.protocol.time.ClockTicker;
import dev.fedchat.server.error.RcException;
import dev.fedchat.server.user.User;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is online (issue 13, "Presence and status"), computed as Rocket.Chat does:
 * <ul>
 *   <li>the <em>connection status</em> of a local user is offline with no logged-in DDP session,
 *       away when every session said {@code UserPresence:away} (its client saw the person idle),
 *       online otherwise;</li>
 *   <li>the <em>status shown</em> is the connection status when the user's chosen default is
 *       online, else the default (away, busy, or offline: invisible) — and offline whenever
 *       no session is connected;</li>
 *   <li>a user of another server shows what its server last told us ({@link #remoteChanged}),
 *       offline when it never did (held in memory, bounded, forgotten after
 *       {@link #REMOTE_MEMORY}: a peer that went away cannot leave its users online for good).</li>
 * </ul>
 * The sessions live only in memory, so a restart shows everyone offline until they reconnect;
 * the chosen default and the status text are stored ({@link PresenceChoices}).
 *
 * <p>Each change of a status shown or a status text goes to the listeners ({@link #onChange}), in
 * order per user: they run under this service's lock and must only hand the change on (the DDP
 * fan-out thread, the federation sender's queue). Thread-safe.
 */
public final class PresenceService {
    private static final Logger log = LoggerFactory.getLogger(PresenceService.class);
    /** Rocket.Chat cuts a status text to 120 characters; so do we (the column holds 120). */
    public static final int MAX_TEXT = 120;
    /** How long a peer's word on its user's status holds without another. */
    static final Duration REMOTE_MEMORY = Duration.ofHours(1);
    static final int MAX_REMOTE = 100_000;

    private final PresenceChoices choices;
    private final Clock clock;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}: local user id → their logged-in sessions (session id → idle). */
    private final Map<String, Map<String, Boolean>> sessions = new HashMap<>();
    /** Guarded by {@link #lock}: local user id → what was last shown, for users connected since the start. */
    private final Map<String, Presence> shown = new HashMap<>();
    /** A peer's users → what their server last told us. */
    private final Cache<String, Presence> remote;
    private final List<Consumer<PresenceChange>> listeners = new CopyOnWriteArrayList<>();

    public PresenceService(Jdbi jdbi, Clock clock) {
        this.choices = new PresenceChoices(jdbi, clock);
        this.clock = clock;
        this.remote = Caffeine.newBuilder().ticker(ClockTicker.of(clock)).expireAfterWrite(REMOTE_MEMORY)
                .maximumSize(MAX_REMOTE).build();
    }

    /** Told each change of a shown status or text; see the class comment for what a listener may do. */
    public void onChange(Consumer<PresenceChange> listener) {
        listeners.add(listener);
    }

    /** A DDP session logged in as {@code user}. */
    public void sessionStarted(String sessionId, User user) {
        synchronized (lock) {
            sessions.computeIfAbsent(user.id(), k -> new HashMap<>()).put(sessionId, Boolean.FALSE);
            recompute(user);
        }
    }

    /** A session of {@code user} logged out or closed; a session not known is ignored. */
    public void sessionEnded(String sessionId, User user) {
        synchronized (lock) {
            Map<String, Boolean> of = sessions.get(user.id());
            if (of == null || of.remove(sessionId) == null) {
                return;
            }
            if (of.isEmpty()) {
                sessions.remove(user.id());
            }
            recompute(user);
        }
    }

    /** {@code UserPresence:away} (idle) and {@code UserPresence:online} (active again) from one session. */
    public void setIdle(String sessionId, User user, boolean idle) {
        synchronized (lock) {
            Map<String, Boolean> of = sessions.get(user.id());
            if (of != null && of.replace(sessionId, idle) != null) {
                recompute(user);
            }
        }
    }

    /** {@code UserPresence:away}/{@code online} that came over REST, from no connection: every session of the user. */
    public void setIdleEverywhere(User user, boolean idle) {
        synchronized (lock) {
            Map<String, Boolean> of = sessions.get(user.id());
            if (of != null && !of.isEmpty()) {
                of.replaceAll((id, was) -> idle);
                recompute(user);
            }
        }
    }

    /** {@code UserPresence:setDefaultStatus}: the status to show while connected; the text stays. */
    public void setDefaultStatus(User user, UserStatus status) {
        synchronized (lock) {
            choices.save(user.id(), new PresenceChoices.Choice(status, choices.of(user.id()).text()));
            recompute(user);
        }
    }

    /**
     * {@code users.setStatus}, {@code setUserStatus}: a new default, a new text, or both (null leaves
     * one as it is; an empty text removes it). A text is cut to {@link #MAX_TEXT} characters after
     * trimming, as Rocket.Chat does.
     */
    public void setStatus(User user, UserStatus status, String text) {
        if (status == null && text == null) {
            throw RcException.invalidParams("Say 'status', 'message' or both");
        }
        synchronized (lock) {
            PresenceChoices.Choice was = choices.of(user.id());
            String newText = text == null ? was.text() : trimmed(text);
            choices.save(user.id(), new PresenceChoices.Choice(status == null ? was.defaultStatus() : status, newText));
            recompute(user);
        }
    }

    private static String trimmed(String text) {
        String t = text.strip();
        if (t.length() > MAX_TEXT) {
            t = t.substring(0, Character.isHighSurrogate(t.charAt(MAX_TEXT - 1)) ? MAX_TEXT - 1 : MAX_TEXT);
        }
        return t.isEmpty() ? null : t;
    }

    /** A peer told us its user's status; a change is passed on to the listeners. */
    public void remoteChanged(User user, UserStatus status, String text) {
        synchronized (lock) {
            Presence was = remote.getIfPresent(user.id());
            String t = text == null ? null : trimmed(text);
            if (was != null && was.status() == status && Objects.equals(was.text(), t)) {
                remote.put(user.id(), was); // still so: remembered afresh
                return;
            }
            Presence now = new Presence(status, status, t, clock.millis());
            remote.put(user.id(), now);
            notify(new PresenceChange(user, now, false));
        }
    }

    /** What others see of {@code user} now. */
    public Presence of(User user) {
        if (user.isRemote()) {
            Presence p = remote.getIfPresent(user.id());
            return p == null ? Presence.UNKNOWN : p;
        }
        synchronized (lock) {
            Presence p = shown.get(user.id());
            return p != null ? p : compute(user.id(), 0);
        }
    }

    /** The users whose shown status is not offline now: local ids, then remote ones. */
    public List<String> notOffline() {
        List<String> ids = new ArrayList<>();
        synchronized (lock) {
            shown.forEach((id, p) -> {
                if (p.status() != UserStatus.OFFLINE) {
                    ids.add(id);
                }
            });
        }
        remote.asMap().forEach((id, p) -> {
            if (p.status() != UserStatus.OFFLINE) {
                ids.add(id);
            }
        });
        return ids;
    }

    /** The users whose status or text changed at or after {@code since} (epoch ms). */
    public List<String> changedSince(long since) {
        List<String> ids = new ArrayList<>();
        synchronized (lock) {
            shown.forEach((id, p) -> {
                if (p.changedAt() >= since) {
                    ids.add(id);
                }
            });
        }
        remote.asMap().forEach((id, p) -> {
            if (p.changedAt() >= since) {
                ids.add(id);
            }
        });
        return ids;
    }

    /** Under {@link #lock}: what {@code user} shows now; a change is remembered and passed on. */
    private void recompute(User user) {
        Presence was = shown.get(user.id());
        Presence now = compute(user.id(), clock.millis());
        if (was != null && was.status() == now.status() && was.connection() == now.connection()
                && Objects.equals(was.text(), now.text())) {
            return;
        }
        // kept when offline too: users.presence?from= lists a user gone offline as a change (bounded by the local users)
        shown.put(user.id(), now);
        boolean visible = was == null ? now.status() != UserStatus.OFFLINE || now.text() != null
                : was.status() != now.status() || !Objects.equals(was.text(), now.text());
        if (visible) {
            notify(new PresenceChange(user, now, true));
        }
    }

    private Presence compute(String userId, long at) {
        Map<String, Boolean> of = sessions.get(userId);
        UserStatus connection = of == null || of.isEmpty() ? UserStatus.OFFLINE
                : of.containsValue(Boolean.FALSE) ? UserStatus.ONLINE : UserStatus.AWAY;
        PresenceChoices.Choice choice = choices.of(userId);
        UserStatus status = connection == UserStatus.OFFLINE ? UserStatus.OFFLINE
                : choice.defaultStatus() == UserStatus.ONLINE ? connection : choice.defaultStatus();
        return new Presence(status, connection, choice.text(), at);
    }

    private void notify(PresenceChange change) {
        for (Consumer<PresenceChange> l : listeners) {
            try {
                l.accept(change);
            } catch (RuntimeException e) {
                log.warn("A presence listener failed on {}'s change: {}", change.user().username(), e.toString(), e);
            }
        }
    }
}
