package dev.fedchat.server.federation.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fedchat.protocol.json.Ejson;
import dev.fedchat.server.federation.users.UserNormalizer;
import dev.fedchat.server.message.Message;
import dev.fedchat.server.room.Room;
import dev.fedchat.server.user.User;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Our rooms, members and messages in the shapes Rocket.Chat peers expect in event data
 * (federation-protocol.md §7.2, §8.2): usernames qualified with their home domain, dates as EJSON,
 * {@code federation.origin} on everything. Mentions in a message's text are qualified as whole
 * words only — Rocket.Chat replaced every occurrence of the bare name as a substring, so
 * mentioning {@code @al} could turn {@code @alice} into {@code @al@a.example ice}.
 */
public final class WireFormat {
    private final UserNormalizer users;
    private final Supplier<String> ownDomain;

    public WireFormat(UserNormalizer users, Supplier<String> ownDomain) {
        this.users = users;
        this.ownDomain = ownDomain;
    }

    /** {@code username} as peers name it: unchanged when it already carries a domain. */
    public String qualify(String username) {
        return username.contains("@") ? username : username + "@" + ownDomain.get();
    }

    public ObjectNode genesis(Room room, List<User> members) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("_id", room.id());
        r.put("t", room.type());
        if (room.isDirect()) {
            r.put("usernames", members.stream().map(u -> qualify(u.username())).sorted().toList());
            r.put("uids", members.stream().map(User::id).sorted().toList());
        } else {
            r.put("name", qualify(room.name()));
            r.put("fname", qualify(room.name()));
        }
        r.put("u", Map.of("_id", room.ownerId(), "username", qualify(room.ownerUsername())));
        r.put("msgs", room.messageCount());
        // as Rocket.Chat's normalised room carries them: a Rocket.Chat peer learns the settings here only
        r.put("ro", room.readOnly());
        putIfSet(r, "topic", room.topic());
        putIfSet(r, "announcement", room.announcement());
        putIfSet(r, "description", room.description());
        r.put("ts", Instant.ofEpochMilli(room.createdAt()));
        r.put("_updatedAt", Instant.ofEpochMilli(room.updatedAt()));
        r.put("federation", Map.of("origin", room.federation().origin(), "domains", room.federation().domains()));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("contextType", "room");
        data.put("room", r);
        return object(data);
    }

    /** {@code domainsAfterAdd} is null for the add-user events of a genesis batch (Rocket.Chat leaves it out). */
    public ObjectNode addUser(Room room, User user, String subscriptionName, List<String> domainsAfterAdd) {
        Map<String, Object> sub = new LinkedHashMap<>();
        sub.put("rid", room.id());
        sub.put("u", Map.of("_id", user.id(), "username", qualify(user.username())));
        sub.put("name", subscriptionName);
        sub.put("t", room.type());
        sub.put("open", true);
        sub.put("alert", false);
        sub.put("unread", 0);
        sub.put("ts", Instant.ofEpochMilli(room.createdAt()));
        sub.put("federation", Map.of("origin", ownDomain.get()));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("roomId", room.id());
        data.put("user", users.normalize(user));
        data.put("subscription", sub);
        if (domainsAfterAdd != null) {
            data.put("domainsAfterAdd", domainsAfterAdd);
        }
        return object(data);
    }

    /**
     * {@code room_remove_user} / {@code room_user_left}: the user, and the room's domains after
     * the change under the name Rocket.Chat gives each ({@code domainsAfterRemoval},
     * {@code domainsAfterLeave}).
     */
    public ObjectNode removeUser(String roomId, User user, boolean left, List<String> domainsAfter) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("roomId", roomId);
        data.put("user", users.normalize(user));
        data.put(left ? "domainsAfterLeave" : "domainsAfterRemoval", domainsAfter);
        return object(data);
    }

    /** {@code room_mute_user} / {@code room_unmute_user}. */
    public ObjectNode muteUser(String roomId, User user) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("roomId", roomId);
        data.put("user", users.normalize(user));
        return object(data);
    }

    /** {@code room_delete}. */
    public ObjectNode deleteRoom(String roomId) {
        return object(Map.of("roomId", roomId));
    }

    public ObjectNode message(Message m) {
        Map<String, Object> msg = new LinkedHashMap<>(m.extra());
        msg.put("_id", m.id());
        msg.put("rid", m.roomId());
        msg.put("msg", qualifyMentions(m));
        msg.put("ts", Instant.ofEpochMilli(m.ts()));
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("_id", m.userId());
        u.put("username", qualify(m.username()));
        if (m.userName() != null) {
            u.put("name", m.userName());
        }
        msg.put("u", u);
        msg.put("mentions", m.mentions().stream().map(x -> Map.of("_id", x.id(),
                "username", isSpecial(x.username()) ? x.username() : qualify(x.username()))).toList());
        msg.put("channels", List.of());
        if (m.tmid() != null) {
            msg.put("tmid", m.tmid());
        }
        msg.put("_updatedAt", Instant.ofEpochMilli(m.updatedAt()));
        msg.put("federation", Map.of("origin", ownDomain.get()));
        return object(Map.of("message", msg));
    }

    /** Rocket.Chat's edit event carries only the id, the new text and the origin. */
    public ObjectNode edit(Message m) {
        Map<String, Object> msg = new LinkedHashMap<>();
        msg.put("_id", m.id());
        msg.put("msg", qualifyMentions(m));
        msg.put("federation", Map.of("origin", ownDomain.get()));
        return object(Map.of("message", msg));
    }

    public ObjectNode deleteMessage(String roomId, String messageId) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("roomId", roomId);
        data.put("messageId", messageId);
        return object(data);
    }

    /** The reacting user's qualified name: Rocket.Chat sent the bare local name, and peers showed the wrong user. */
    public ObjectNode reaction(String roomId, String messageId, String username, String reaction) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("roomId", roomId);
        data.put("messageId", messageId);
        data.put("username", qualify(username));
        data.put("reaction", reaction);
        return object(data);
    }

    private String qualifyMentions(Message m) {
        String text = m.msg();
        for (Message.Mention mention : m.mentions()) {
            String name = mention.username();
            if (name == null || isSpecial(name) || name.contains("@")) {
                continue;
            }
            text = wholeMention(name).matcher(text).replaceAll(Matcher.quoteReplacement("@" + qualify(name)));
        }
        return text;
    }

    /** {@code @name} standing alone: not inside a longer name, an address, or an already qualified name. */
    static Pattern wholeMention(String name) {
        return Pattern.compile("(?<![\\w@.-])@" + Pattern.quote(name) + "(?![\\w@.-])");
    }

    static void putIfSet(Map<String, Object> r, String field, String value) {
        if (value != null) {
            r.put(field, value);
        }
    }

    private static boolean isSpecial(String username) {
        return username.equals("all") || username.equals("here");
    }

    private static ObjectNode object(Map<String, Object> data) {
        return (ObjectNode) Ejson.toJsonValue(data);
    }
}
