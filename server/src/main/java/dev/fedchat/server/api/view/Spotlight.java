package dev.fedchat.server.api.view;

import dev.fedchat.server.error.RcException;
import dev.fedchat.server.federation.users.QualifiedName;
import dev.fedchat.server.federation.users.RemoteUsers;
import dev.fedchat.server.room.Room;
import dev.fedchat.server.room.RoomService;
import dev.fedchat.server.user.User;
import dev.fedchat.server.user.UserScope;
import dev.fedchat.server.user.UserService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rocket.Chat's spotlight, the search behind "new message" and the room search of every client:
 * users (this server's and the copies of other servers' users known here) and rooms the caller
 * may see, {@value #LIMIT} of each, in {@code {users, rooms}}. One finder for the REST route
 * {@code spotlight?query=} and the Meteor method {@code spotlight(text, usernames, type, rid)} the
 * mobile app calls through {@code method.call}.
 *
 * <p>A leading {@code @} searches users only and a leading {@code #} rooms only, as in Rocket.Chat.
 * A text of the form {@code user@domain} also asks that domain's server for the user (as the
 * directory's {@code workspace=external} does), so the app can find {@code bob@beta} and open a
 * direct message with him; a peer that cannot be reached or refuses leaves the local results,
 * since spotlight runs on every keystroke and a half-typed domain is no error.
 * Thread-safe: stateless.
 */
public final class Spotlight {
    private static final Logger log = LoggerFactory.getLogger(Spotlight.class);
    static final int LIMIT = 10;

    private final UserService users;
    private final RemoteUsers remoteUsers;
    private final RoomService rooms;
    private final UserViews userViews;

    public Spotlight(UserService users, RemoteUsers remoteUsers, RoomService rooms, UserViews userViews) {
        this.userViews = userViews;
        this.users = users;
        this.remoteUsers = remoteUsers;
        this.rooms = rooms;
    }

    /** What to look for, and the usernames the client shows already (left out of the answer). */
    public record Query(String text, boolean users, boolean rooms, Collection<String> exclude) {
        public static Query of(String raw) {
            return new Query(raw, true, true, List.of());
        }
    }

    public Map<String, Object> find(User caller, Query query) {
        String q = query.text() == null ? "" : query.text().trim();
        boolean usersOnly = q.startsWith("@");
        boolean roomsOnly = q.startsWith("#");
        String text = usersOnly || roomsOnly ? q.substring(1) : q;
        List<Map<String, Object>> foundUsers = new ArrayList<>();
        if (query.users() && !roomsOnly) {
            List<User> found = new ArrayList<>(users.search(text, UserScope.ALL, LIMIT, 0));
            if (QualifiedName.looksQualified(text)) {
                fromPeer(text).stream().filter(u -> found.stream().noneMatch(f -> f.id().equals(u.id()))).forEach(found::add);
            }
            found.stream().filter(u -> !query.exclude().contains(u.username())).limit(LIMIT)
                    .map(userViews::spotlighted).forEach(foundUsers::add);
        }
        List<Map<String, Object>> foundRooms = new ArrayList<>();
        if (query.rooms() && !usersOnly) {
            rooms.searchVisible(caller, text, LIMIT).stream().map(Spotlight::room).forEach(foundRooms::add);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("users", foundUsers);
        result.put("rooms", foundRooms);
        return result;
    }

    private List<User> fromPeer(String qualified) {
        try {
            return remoteUsers.search(qualified);
        } catch (RcException e) {
            log.debug("Spotlight for {}: the peer was not asked successfully ({}); local results only", qualified, e.reason());
            return List.of();
        }
    }

    /** A room as spotlight and the directory list it. */
    public static Map<String, Object> room(Room r) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("_id", r.id());
        v.put("name", r.name());
        v.put("fname", r.name());
        v.put("t", r.type());
        v.put("ts", Instant.ofEpochMilli(r.createdAt()));
        if (r.topic() != null) {
            v.put("topic", r.topic());
        }
        if (r.federation() != null) {
            v.put("federation", Map.of("origin", r.federation().origin()));
        }
        return v;
    }
}
