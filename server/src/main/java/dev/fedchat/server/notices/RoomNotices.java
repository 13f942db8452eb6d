package dev.fedchat.server.notices;

import dev.fedchat.server.Ids;
import dev.fedchat.server.events.ChatEvent;
import dev.fedchat.server.message.Message;
import dev.fedchat.server.message.MessageReplicas;
import dev.fedchat.server.room.MemberRoles;
import dev.fedchat.server.room.Room;
import dev.fedchat.server.room.RoomSettings;
import dev.fedchat.server.room.RoomState;
import dev.fedchat.server.user.User;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The system messages Rocket.Chat writes into a room when its settings or roles change, with its
 * {@code t} values: {@code r} (renamed, {@code msg} the new name), {@code room_changed_topic},
 * {@code room_changed_announcement}, {@code room_changed_description} ({@code msg} the new text),
 * {@code room-set-read-only} / {@code room-removed-read-only} (empty {@code msg}),
 * {@code subscription-role-added} / {@code -removed} ({@code msg} the member's username,
 * {@code role} the role); {@code u} is who made the change.
 *
 * <p>Each server writes its own, from what changed on it ({@link ChatEvent.RoomStateChanged}, a
 * local change or the origin's {@code room_update}): they never travel between servers, so a room
 * has each notice once everywhere. Written after the change committed, in one transaction of their
 * own through the message writes (counted and announced like any message): a crash in between
 * loses the notice, never the change. A change by a user not known here gets none.
 */
public final class RoomNotices implements Consumer<ChatEvent> {
    private static final Logger log = LoggerFactory.getLogger(RoomNotices.class);

    private final MessageReplicas messages;
    private final Ids ids;
    private final Clock clock;

    public RoomNotices(MessageReplicas messages, Ids ids, Clock clock) {
        this.messages = messages;
        this.ids = ids;
        this.clock = clock;
    }

    @Override
    public void accept(ChatEvent event) {
        if (!(event instanceof ChatEvent.RoomStateChanged changed) || changed.by() == null) {
            return;
        }
        List<Notice> notices = notices(changed.before(), changed.after());
        if (notices.isEmpty()) {
            return;
        }
        Room room = changed.room();
        User by = changed.by();
        long ts = clock.millis();
        List<MessageReplicas.Replica> replicas = new ArrayList<>();
        Consumer<Handle> nothingElse = h -> { };
        for (Notice n : notices) {
            long at = ts++; // apart, so they list in the order they were made
            replicas.add(new MessageReplicas.Replica(new Message(ids.next(), room.id(), by.id(), by.username(), by.name(),
                    n.msg(), n.type(), null, List.of(), Map.of(), n.extra(), at, at, null, null, null, Message.Thread.NONE, null,
                    List.of()), nothingElse));
        }
        messages.storeAll(room, replicas);
        log.debug("Room {}: {} system message(s) for {}'s change", room.id(), notices.size(), by.username());
    }

    /** One system message: Rocket.Chat's {@code t}, its {@code msg}, and the fields it adds ({@code role}). */
    record Notice(String type, String msg, Map<String, Object> extra) {}

    /** What changed from {@code before} to {@code after}, as Rocket.Chat's system messages say it, in its order. */
    static List<Notice> notices(RoomState before, RoomState after) {
        List<Notice> out = new ArrayList<>();
        RoomSettings was = before.settings();
        RoomSettings now = after.settings();
        if (!Objects.equals(was.name(), now.name())) {
            out.add(new Notice("r", now.name(), Map.of()));
        }
        text(out, "room_changed_topic", was.topic(), now.topic());
        text(out, "room_changed_announcement", was.announcement(), now.announcement());
        text(out, "room_changed_description", was.description(), now.description());
        if (was.readOnly() != now.readOnly()) {
            out.add(new Notice(now.readOnly() ? "room-set-read-only" : "room-removed-read-only", "", Map.of()));
        }
        Set<String> members = new LinkedHashSet<>();
        before.roles().forEach(r -> members.add(r.userId()));
        after.roles().forEach(r -> members.add(r.userId()));
        for (String id : members) {
            String username = username(before, after, id);
            for (String role : MemberRoles.KNOWN) {
                boolean had = before.rolesOf(id).contains(role);
                boolean has = after.rolesOf(id).contains(role);
                if (had != has) {
                    out.add(new Notice(has ? "subscription-role-added" : "subscription-role-removed", username,
                            Map.of("role", role)));
                }
            }
        }
        return out;
    }

    private static void text(List<Notice> out, String type, String was, String now) {
        if (!Objects.equals(was, now)) {
            out.add(new Notice(type, now == null ? "" : now, Map.of()));
        }
    }

    private static String username(RoomState before, RoomState after, String userId) {
        return after.roles().stream().filter(r -> r.userId().equals(userId)).findFirst()
                .or(() -> before.roles().stream().filter(r -> r.userId().equals(userId)).findFirst())
                .map(MemberRoles::username).orElse(userId);
    }
}
