package dev.fedchat.server.api.view;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.fedchat.server.message.Message;
import dev.fedchat.server.message.markdown.MessageMarkdown;
import dev.fedchat.server.presence.Presence;
import dev.fedchat.server.room.Membership;
import dev.fedchat.server.room.Removal;
import dev.fedchat.server.room.Room;
import dev.fedchat.server.user.User;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Domain records in the shapes Rocket.Chat clients expect (client-api.md §2). Dates are
 * {@link Instant}s so each API writes them in its own dialect (see {@code ApiJson}). Nothing secret
 * (password hashes, tokens) ever enters a view.
 */
public final class Views {
    /** Rocket.Chat 6's options; pure and thread-safe, so one for every render. */
    private static final MessageMarkdown MARKDOWN = MessageMarkdown.rocketChatDefaults();
    /** Newer Rocket.Chat leaves longer texts unparsed; so does fedchat (the worst case costs about ten posts). */
    static final int MAX_MARKDOWN_TEXT = 30_000;
    /**
     * Texts parsed lately, by text: a history page or a fan-out renders the same messages again and
     * again, and a text made to be dear to parse is then parsed once, not on every read.
     */
    private static final Cache<String, List<Map<String, Object>>> PARSED = Caffeine.newBuilder()
            .maximumWeight(16L * 1024 * 1024).weigher((String text, List<Map<String, Object>> ast) -> text.length() * 4)
            .build();

    private Views() {}

    /** The logged-in user, as {@code me} and the login answer show it: with the connection's status too. */
    public static Map<String, Object> me(User u, Presence p) {
        Map<String, Object> v = brief(u, p);
        if (u.email() != null) {
            v.put("emails", List.of(Map.of("address", u.email(), "verified", true)));
            v.put("email", u.email());
        }
        v.put("statusConnection", p.connection().wire());
        v.put("settings", Map.of("preferences", Map.of()));
        v.put("avatarUrl", "/avatar/" + u.username());
        v.put("services", Map.of("password", Map.of("exists", u.passwordHash() != null)));
        v.put("createdAt", Instant.ofEpochMilli(u.createdAt()));
        return v;
    }

    /**
     * Another user, as {@code users.info} shows it, with the status {@code p} others see; a remote
     * user with its {@code federation} origin.
     */
    public static Map<String, Object> brief(User u, Presence p) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("_id", u.id());
        v.put("username", u.username());
        v.put("name", u.name());
        v.put("type", "user");
        putStatus(v, u, p);
        v.put("active", u.active());
        v.put("utcOffset", 0);
        v.put("roles", u.roleList());
        v.put("_updatedAt", Instant.ofEpochMilli(u.updatedAt()));
        putAvatarEtag(v, u);
        putFederation(v, u);
        return v;
    }

    /** Rocket.Chat's {@code avatarETag}: present only while the user has a picture, so clients can refresh theirs. */
    private static void putAvatarEtag(Map<String, Object> v, User u) {
        if (u.avatarEtag() != null) {
            v.put("avatarETag", u.avatarEtag());
        }
    }

    /** A user in {@code directory} results: no roles, no e-mail. */
    public static Map<String, Object> listed(User u, Presence p) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("_id", u.id());
        v.put("username", u.username());
        v.put("name", u.name());
        putStatus(v, u, p);
        v.put("createdAt", Instant.ofEpochMilli(u.createdAt()));
        putAvatarEtag(v, u);
        putFederation(v, u);
        return v;
    }

    /** A user in {@code spotlight} results (client-api.md §2.7). */
    /** A holder of a global role, as {@code getUserRoles} and {@code roles.getUsersInPublicRoles} list them. */
    public static Map<String, Object> roleHolder(User u) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("_id", u.id());
        v.put("username", u.username());
        v.put("roles", u.roleList());
        return v;
    }

    public static Map<String, Object> spotlighted(User u, Presence p) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("_id", u.id());
        v.put("username", u.username());
        v.put("name", u.name());
        putStatus(v, u, p);
        v.put("outside", true);
        putAvatarEtag(v, u);
        putFederation(v, u);
        return v;
    }

    /** The status shown (offline for a deactivated user, whatever their sessions) and the status text when set. */
    private static void putStatus(Map<String, Object> v, User u, Presence p) {
        v.put("status", u.active() ? p.status().wire() : "offline");
        if (p.text() != null) {
            v.put("statusText", p.text());
        }
    }

    /**
     * Marks a user of another server the way Rocket.Chat clients recognise one (federation-protocol.md
     * §8.1, client-api.md §5.4): {@code federation.origin} (the directory's Domain column) and
     * {@code isRemote}. Local users carry neither, as in Rocket.Chat.
     */
    private static void putFederation(Map<String, Object> v, User u) {
        if (u.isRemote()) {
            v.put("federation", Map.of("origin", u.federationOrigin()));
            v.put("isRemote", true);
        }
    }

    /**
     * A room; {@code members} (usernames and ids) is filled only for direct messages. A federated
     * room carries Rocket.Chat's {@code federation} ({@code origin} and {@code domains}); a room of
     * another server is named with its origin's domain ({@code team@alpha.test}), as it was stored.
     */
    public static Map<String, Object> room(Room r, List<Membership> members) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("_id", r.id());
        v.put("t", r.type());
        if (r.name() != null) {
            v.put("name", r.name());
            v.put("fname", r.name());
        }
        if (r.ownerId() != null) {
            v.put("u", Map.of("_id", r.ownerId(), "username", r.ownerUsername()));
        }
        v.put("ts", Instant.ofEpochMilli(r.createdAt()));
        v.put("_updatedAt", Instant.ofEpochMilli(r.updatedAt()));
        v.put("msgs", r.messageCount());
        v.put("ro", r.readOnly());
        v.put("default", false);
        v.put("sysMes", true);
        if (r.topic() != null) {
            v.put("topic", r.topic());
        }
        if (r.announcement() != null) {
            v.put("announcement", r.announcement());
        }
        if (r.description() != null) {
            v.put("description", r.description());
        }
        if (r.lastMessageAt() != null) {
            v.put("lm", Instant.ofEpochMilli(r.lastMessageAt()));
        }
        if (r.isDirect() && members != null) {
            v.put("usernames", members.stream().map(Membership::username).toList());
            v.put("uids", members.stream().map(Membership::userId).toList());
            v.put("usersCount", members.size());
        }
        if (r.federation() != null) {
            v.put("federation", Map.of("origin", r.federation().origin(), "domains", r.federation().domains()));
        }
        return v;
    }

    public static Map<String, Object> subscription(Membership m) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("_id", m.id());
        v.put("rid", m.roomId());
        v.put("u", Map.of("_id", m.userId(), "username", m.username(), "name", m.userFullName()));
        v.put("name", m.roomName());
        v.put("fname", m.roomName());
        v.put("t", m.roomType());
        v.put("ts", Instant.ofEpochMilli(m.createdAt()));
        if (m.lastSeenAt() != null) {
            v.put("ls", Instant.ofEpochMilli(m.lastSeenAt()));
        }
        v.put("open", m.open());
        v.put("alert", m.alert());
        v.put("unread", m.unread());
        v.put("userMentions", m.userMentions());
        v.put("groupMentions", m.groupMentions());
        v.put("roles", m.roleList());
        if (m.muted()) {
            v.put("muted", true);
        }
        if (m.roomFederationOrigin() != null) {
            v.put("federation", Map.of("origin", m.roomFederationOrigin()));
        }
        v.put("_updatedAt", Instant.ofEpochMilli(m.updatedAt()));
        return v;
    }

    public static Map<String, Object> message(Message m) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("_id", m.id());
        v.put("rid", m.roomId());
        v.put("msg", m.msg());
        if (m.msg() != null && !m.msg().isEmpty() && m.msg().length() <= MAX_MARKDOWN_TEXT) {
            // Rocket.Chat 6's parsed text, which its clients render instead of msg (issue 13)
            v.put("md", PARSED.get(m.msg(), MARKDOWN::parse));
        }
        v.put("ts", Instant.ofEpochMilli(m.ts()));
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("_id", m.userId());
        u.put("username", m.username());
        if (m.userName() != null) {
            u.put("name", m.userName());
        }
        v.put("u", u);
        v.put("_updatedAt", Instant.ofEpochMilli(m.updatedAt()));
        if (m.type() != null) {
            v.put("t", m.type());
        }
        if (m.tmid() != null) {
            v.put("tmid", m.tmid());
        }
        v.put("mentions", m.mentions().stream().map(Views::mention).toList());
        v.put("channels", List.of());
        if (!m.reactions().isEmpty()) {
            Map<String, Object> reactions = new LinkedHashMap<>();
            m.reactions().forEach((emoji, names) -> reactions.put(emoji, Map.of("usernames", names)));
            v.put("reactions", reactions);
        }
        if (!m.thread().isEmpty()) {
            v.put("tcount", m.thread().count());
            if (m.thread().lastReplyAt() != null) {
                v.put("tlm", Instant.ofEpochMilli(m.thread().lastReplyAt()));
            }
            v.put("replies", m.thread().followers());
        }
        if (m.pin() != null) {
            v.put("pinned", true);
            v.put("pinnedAt", Instant.ofEpochMilli(m.pin().at()));
            v.put("pinnedBy", Map.of("_id", m.pin().byId(), "username", m.pin().byUsername()));
        }
        if (!m.starredBy().isEmpty()) {
            v.put("starred", m.starredBy().stream().map(id -> Map.of("_id", id)).toList());
        }
        if (m.editedAt() != null) {
            v.put("editedAt", Instant.ofEpochMilli(m.editedAt()));
            v.put("editedBy", Map.of("_id", m.editedById(), "username", m.editedByName()));
        }
        m.extra().forEach(v::putIfAbsent);
        return v;
    }

    /** The {@code remove} list of {@code rooms.get}: rooms the user is no longer in. */
    public static List<Map<String, Object>> removedRooms(List<Removal> removals) {
        return removals.stream().map(r -> Map.<String, Object>of("_id", r.roomId(),
                "_deletedAt", Instant.ofEpochMilli(r.removedAt()))).toList();
    }

    /** The {@code remove} list of {@code subscriptions.get}. */
    public static List<Map<String, Object>> removedSubscriptions(List<Removal> removals) {
        return removals.stream().map(r -> Map.<String, Object>of("_id", r.subscriptionId(),
                "_deletedAt", Instant.ofEpochMilli(r.removedAt()))).toList();
    }

    private static Map<String, Object> mention(Message.Mention mention) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("_id", mention.id());
        v.put("username", mention.username());
        if (mention.name() != null) {
            v.put("name", mention.name());
        }
        return v;
    }
}
