package dev.fedchat.server.message;

import dev.fedchat.server.events.ChatEvent;
import dev.fedchat.server.room.Room;
import dev.fedchat.server.room.SubscriptionDao;
import dev.fedchat.server.user.User;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;

/**
 * Messages as peers' events describe them (federation-protocol.md §8.3): stored, edited, deleted
 * and reacted to through the same writes as local changes ({@link MessageChanges}), so a peer's
 * message is counted, mentioned and announced exactly like a local one. No permission checks: the
 * caller proved the sender and checked the event against the room's rules
 * (federation-security.md). Idempotent, since peers send again what they are not sure we have.
 */
public final class MessageReplicas {
    private final Clock clock;
    private final MessageChanges changes;

    MessageReplicas(Clock clock, MessageChanges changes) {
        this.clock = clock;
        this.changes = changes;
    }

    /** A peer's message, with work that must commit or fail together with it (the receiver's copy of its federation event, for one). */
    public record Replica(Message message, Consumer<Handle> alongside) {}

    /** A peer's message ({@code room_message}), stored with its own id and time; one already here is left as it is. */
    public Message store(Message m, Room room) {
        storeAll(room, List.of(new Replica(m, h -> { })));
        return m;
    }

    /**
     * Several peers' messages of one room (a dispatch batch's run of them), each stored as
     * {@link #store} stores one, in order and in one transaction with each one's {@code alongside}
     * work: one commit for the lot, where the commit is the dearest part of a write on the embedded
     * database (docs/benchmarks.md, "Federation"). All or nothing: if any of it throws, nothing is
     * stored and nothing announced. Announced after the commit, in order. A message already here is
     * left as it is; its {@code alongside} still runs. Mentions are read from each text here.
     */
    public void storeAll(Room room, List<Replica> replicas) {
        for (Replica r : replicas) {
            if (!r.message().roomId().equals(room.id())) {
                throw new IllegalArgumentException("message " + r.message().id() + " is in room " + r.message().roomId()
                        + ", not in room " + room.id());
            }
        }
        changes.transaction((h, after) -> {
            // attached once for the lot: each attach of a SQL object costs about as much as a simple query
            MessageDao dao = changes.dao(h);
            SubscriptionDao subs = h.attach(SubscriptionDao.class);
            // messages change no membership, so the run's members are read once
            List<String> memberIds = subs.memberIds(room.id());
            for (Replica r : replicas) {
                Message m = r.message();
                if (dao.byId(m.id()).isEmpty()) {
                    changes.insert(h, dao, subs, room, withRepliesHeld(dao, m.withMentions(changes.resolveMentions(h, m.msg()))),
                            memberIds, after);
                }
                r.alongside().accept(h);
            }
            return null;
        });
    }

    /**
     * A peer's message with the replies to it that arrived before it (a thread's events can come
     * in any order) already counted, its author following, as if it had arrived first.
     */
    private static Message withRepliesHeld(MessageDao dao, Message m) {
        Message.Thread held = dao.repliesHeld(m.id());
        return held.count() == 0 ? m
                : m.withThread(new Message.Thread(held.count(), held.lastReplyAt(), List.of(m.userId())), m.updatedAt());
    }

    /** A peer's edit of its user's message ({@code room_edit_message}); an unknown message is ignored. */
    public Optional<Message> edit(String messageId, String text, User editor) {
        long now = clock.millis();
        return changes.transaction((h, after) -> {
            MessageDao dao = changes.dao(h);
            return changes.lock(h, dao, messageId).map(t -> changes.edit(h, dao, t.room(), t.message(),
                    t.message().edited(text, changes.resolveMentions(h, text), now, editor.id(), editor.username()), after));
        });
    }

    /** A peer's deletion ({@code room_delete_message}); a message already gone is fine. */
    public void delete(String messageId, User by) {
        changes.transaction((h, after) -> {
            MessageDao dao = changes.dao(h);
            changes.lock(h, dao, messageId).ifPresent(t -> changes.delete(h, dao, t.room(), t.message(), by, clock.millis(), after));
            return null;
        });
    }

    /**
     * A room's pins as its origin says they are now ({@code room_pins}): each message held here is
     * pinned as {@code pins} says (message id → pin) and every other pinned message of the room
     * unpinned, in one transaction; a message not held here is skipped.
     */
    public void setPins(Room room, Map<String, Message.Pin> pins) {
        long now = clock.millis();
        changes.transaction((h, after) -> {
            MessageDao dao = changes.dao(h);
            List<String> memberIds = h.attach(SubscriptionDao.class).memberIds(room.id());
            Set<String> touched = new HashSet<>(pins.keySet());
            dao.pinned(room.id(), Integer.MAX_VALUE, 0).forEach(m -> touched.add(m.id()));
            for (String id : touched) {
                Optional<Message> m = dao.lock(id).filter(x -> x.roomId().equals(room.id()));
                Message.Pin wanted = pins.get(id);
                if (m.isPresent() && !Objects.equals(m.get().pin(), wanted)) {
                    Message changed = m.get().withPin(wanted, now);
                    dao.updatePin(changed);
                    after.add(new ChatEvent.MessageSaved(changed, room, memberIds, ChatEvent.Change.PINNED));
                }
            }
            return null;
        });
    }

    /** A peer's reaction set or unset, with set semantics (a repeat changes nothing). */
    public void react(String messageId, String emoji, User by, boolean add) {
        String key = MessageService.normaliseEmoji(emoji);
        long now = clock.millis();
        changes.transaction((h, after) -> {
            MessageDao dao = changes.dao(h);
            changes.lock(h, dao, messageId).ifPresent(t -> changes.react(h, dao, t.room(), t.message(), by, key, add, now, after));
            return null;
        });
    }
}
