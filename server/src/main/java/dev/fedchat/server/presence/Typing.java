package dev.fedchat.server.presence;

import dev.fedchat.server.error.RcException;
import dev.fedchat.server.federation.transport.PeerRateLimiter;
import dev.fedchat.server.room.Room;
import dev.fedchat.server.room.RoomService;
import dev.fedchat.server.user.User;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Typing and other activities in a room (issue 13, "Typing"): nothing stored, each report handed to
 * the listeners (the DDP streams, the federation sender). Only a member of the room reports, only
 * as themself (the caller is the session's user, never a name from the request), at most
 * {@link #PER_SECOND} reports a second per session after a burst of {@link #BURST}; a report is
 * small (at most {@link #MAX_ACTIVITIES} names of {@link #MAX_NAME} characters, and of the
 * client's extras only a thread id). Thread-safe.
 */
public final class Typing {
    static final int MAX_ACTIVITIES = 5;
    static final int MAX_NAME = 32;
    static final double PER_SECOND = 5;
    static final int BURST = 10;

    private final RoomService rooms;
    private final PeerRateLimiter limiter;
    private final List<Consumer<TypingEvent>> listeners = new CopyOnWriteArrayList<>();

    public Typing(RoomService rooms, Clock clock) {
        this.rooms = rooms;
        this.limiter = new PeerRateLimiter(clock, PER_SECOND, BURST);
    }

    /** Told every report, in the reporting thread: a listener only hands it on. */
    public void onTyping(Consumer<TypingEvent> listener) {
        listeners.add(listener);
    }

    /**
     * {@code user}, on DDP session {@code sessionId}, reports {@code activities} in {@code room}.
     *
     * @throws RcException not-allowed when the user is not a member; 429 past the session's rate;
     *                     invalid params for a report out of bounds
     */
    public void typed(String sessionId, User user, Room room, List<String> activities, Map<String, Object> extras) {
        List<String> checked = activities(activities);
        if (rooms.membership(room, user).isEmpty()) {
            throw RcException.invalid("not-allowed", "Not allowed: only a member of room " + room.id() + " can type in it");
        }
        long wait = limiter.take(sessionId);
        if (wait > 0) {
            throw RcException.tooManyRequests(wait);
        }
        publish(new TypingEvent(room, user, checked, extras(extras), sessionId, true));
    }

    /** A peer's user typing in a room its server is in; the caller checked both. */
    public void remoteTyped(User user, Room room, List<String> activities, Map<String, Object> extras) {
        publish(new TypingEvent(room, user, activities(activities), extras(extras), null, false));
    }

    /** The activity names, checked against the bounds. */
    public static List<String> activities(List<String> activities) {
        if (activities.size() > MAX_ACTIVITIES) {
            throw RcException.invalidParams("At most " + MAX_ACTIVITIES + " activities at once, not " + activities.size());
        }
        List<String> out = new ArrayList<>();
        for (String a : activities) {
            if (a == null || a.isEmpty() || a.length() > MAX_NAME) {
                throw RcException.invalidParams("An activity is a name of 1 to " + MAX_NAME + " characters");
            }
            out.add(a);
        }
        return List.copyOf(out);
    }

    /** Of the client's extras only {@code tmid}, the thread typed in, travels on. */
    private static Map<String, Object> extras(Map<String, Object> extras) {
        Map<String, Object> out = new LinkedHashMap<>();
        Object tmid = extras == null ? null : extras.get("tmid");
        if (tmid instanceof String t && !t.isEmpty() && t.length() <= 64) {
            out.put("tmid", t);
        }
        return Map.copyOf(out);
    }

    private void publish(TypingEvent event) {
        listeners.forEach(l -> l.accept(event));
    }
}
