package dev.fedchat.server.message;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fedchat.server.db.CommitGroup;
import dev.fedchat.server.events.ChatEvent;
import dev.fedchat.server.events.LocalEvents;
import dev.fedchat.server.room.Room;
import dev.fedchat.server.room.RoomDao;
import dev.fedchat.server.room.SubscriptionDao;
import dev.fedchat.server.user.User;
import dev.fedchat.server.user.UserDao;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * The writes that local message changes ({@link MessageService}) and peers' ({@link MessageReplicas})
 * share: a message stored with its counters and notifications, edited with its mentions read
 * again, deleted, reacted to. Each works inside the caller's transaction and adds what it changed
 * to the unit's {@code after} list; {@link #transaction} and {@link #grouped} run a unit, record
 * its events in it and publish them after the commit — the one place that does.
 */
final class MessageChanges {
    /** Work inside one transaction that adds the events it caused to {@code after}. */
    @FunctionalInterface
    interface Unit<T> {
        T apply(Handle h, List<ChatEvent> after);
    }

    private final Jdbi jdbi;
    private final CommitGroup commits;
    private final Clock clock;
    private final ObjectMapper json;
    private final LocalEvents events;

    MessageChanges(Jdbi jdbi, CommitGroup commits, Clock clock, ObjectMapper json, LocalEvents events) {
        this.jdbi = jdbi;
        this.commits = commits;
        this.clock = clock;
        this.json = json;
        this.events = events;
    }

    /** Runs {@code unit} as a transaction of its own; its events are published after the commit. */
    <T> T transaction(Unit<T> unit) {
        return recorded(unit, true);
    }

    /**
     * Runs {@code unit} on the commit group, sharing a commit with concurrent units (each in its
     * own savepoint, see {@link CommitGroup}); its events are published after the commit.
     */
    <T> T grouped(Unit<T> unit) {
        return recorded(unit, false);
    }

    private <T> T recorded(Unit<T> unit, boolean ownTransaction) {
        List<ChatEvent> after = new ArrayList<>();
        HandleCallback<T, RuntimeException> work = h -> {
            T r = unit.apply(h, after);
            events.record(h, after);
            return r;
        };
        T result = ownTransaction ? jdbi.inTransaction(work) : commits.run(work);
        events.publishAll(after);
        return result;
    }

    MessageDao dao(Handle h) {
        return new MessageDao(h, json);
    }

    /** A message locked for a read-modify-write, with its room. */
    record Locked(Message message, Room room) {}

    /** {@code messageId} locked until the transaction ends, with its room; empty when there is no such message. */
    Optional<Locked> lock(Handle h, MessageDao dao, String messageId) {
        return dao.lock(messageId).map(m -> new Locked(m,
                h.attach(RoomDao.class).byId(m.roomId()).orElseThrow(MessageService::invalidMessage)));
    }

    /**
     * Stores a new message: the row, the room's last-message marks, every other member's unread
     * counter, the mentioned members' mention counters, the thread it answers, and the events
     * members see (the message, and a notification for each member it is for: everyone else in a
     * DM, the mentioned ones and the thread's followers elsewhere). {@code memberIds}: the room's
     * members, read once by the caller.
     */
    void insert(Handle h, MessageDao dao, SubscriptionDao subs, Room room, Message m, List<String> memberIds,
                List<ChatEvent> after) {
        dao.insert(m);
        h.attach(RoomDao.class).recordMessage(room.id(), m.id(), m.ts());
        subs.countUnread(room.id(), m.userId(), m.ts());
        List<String> mentioned = mentionedMembers(m.mentions(), m.userId(), Set.of());
        if (!mentioned.isEmpty()) {
            subs.countMention(room.id(), mentioned);
        }
        if (mentionsGroup(m.mentions())) {
            subs.countGroupMention(room.id(), m.userId());
        }
        after.add(new ChatEvent.MessageSaved(m, room, memberIds, ChatEvent.Change.POSTED));
        Set<String> notified = new LinkedHashSet<>();
        for (String memberId : memberIds) {
            if (!memberId.equals(m.userId()) && (room.isDirect() || mentioned.contains(memberId))) {
                notified.add(memberId);
            }
        }
        if (m.tmid() != null) {
            answered(dao, room, m, memberIds, after).ifPresent(thread -> thread.followers().stream()
                    .filter(id -> !id.equals(m.userId()) && memberIds.contains(id)).forEach(notified::add));
        }
        for (String memberId : notified) {
            after.add(new ChatEvent.Notification(memberId, m, room, room.isDirect() ? m.username() : room.name()));
        }
    }

    /**
     * Counts {@code reply} in its parent's thread (when this server holds the parent, in this
     * room): one more reply, the latest reply's time, the parent's author and the replier
     * following. The time is the reply's own {@code ts}, so every server of the room, counting
     * the replies it holds, arrives at the same thread. Returns the thread before the reply.
     */
    private Optional<Message.Thread> answered(MessageDao dao, Room room, Message reply, List<String> memberIds,
                                              List<ChatEvent> after) {
        Optional<Message> parent = dao.lock(reply.tmid()).filter(p -> p.roomId().equals(room.id()));
        parent.ifPresent(p -> {
            Message.Thread t = p.thread();
            Message.Thread counted = new Message.Thread(t.count() + 1,
                    t.lastReplyAt() == null ? reply.ts() : Math.max(t.lastReplyAt(), reply.ts()), t.followers());
            if (!counted.followers().contains(p.userId())) {
                counted = counted.followedBy(p.userId(), true);
            }
            if (!counted.followers().contains(reply.userId())) {
                counted = counted.followedBy(reply.userId(), true);
            }
            threadChanged(dao, room, p.withThread(counted, clock.millis()), memberIds, after);
        });
        return parent.map(Message::thread);
    }

    /** Writes a parent's changed thread and tells the room's readers (a thread change is never federated: each server counts). */
    void threadChanged(MessageDao dao, Room room, Message parent, List<String> memberIds, List<ChatEvent> after) {
        dao.updateThread(parent);
        after.add(new ChatEvent.MessageSaved(parent, room, memberIds, ChatEvent.Change.THREAD));
    }

    /**
     * Writes {@code edited} over {@code before} (locked by the caller). Members the edit mentions
     * for the first time are counted and notified, as a post would have: an edit that adds
     * {@code @alice} tells her, whichever server it was made on.
     */
    Message edit(Handle h, MessageDao dao, Room room, Message before, Message edited, List<ChatEvent> after) {
        dao.update(edited);
        SubscriptionDao subs = h.attach(SubscriptionDao.class);
        List<String> memberIds = subs.memberIds(room.id());
        Set<String> already = before.mentions().stream().map(Message.Mention::id).collect(Collectors.toSet());
        List<String> mentioned = mentionedMembers(edited.mentions(), edited.userId(), already).stream()
                .filter(memberIds::contains).toList();
        if (!mentioned.isEmpty()) {
            subs.countMention(room.id(), mentioned);
        }
        if (mentionsGroup(edited.mentions()) && !mentionsGroup(before.mentions())) {
            subs.countGroupMention(room.id(), edited.userId());
        }
        after.add(new ChatEvent.MessageSaved(edited, room, memberIds, ChatEvent.Change.EDITED));
        for (String memberId : mentioned) {
            after.add(new ChatEvent.Notification(memberId, edited, room, room.isDirect() ? edited.username() : room.name()));
        }
        return edited;
    }

    /** Deletes {@code m} (locked by the caller), leaving the trace {@code chat.syncMessages} reports. */
    void delete(Handle h, MessageDao dao, Room room, Message m, User by, long at, List<ChatEvent> after) {
        dao.delete(m, at);
        List<String> memberIds = h.attach(SubscriptionDao.class).memberIds(room.id());
        after.add(new ChatEvent.MessageDeleted(room.id(), m.id(), memberIds, room, by, m.username()));
        if (m.tmid() != null) {
            // a reply gone: its thread counted again from the replies left, so the latest reply's time stays exact
            dao.lock(m.tmid()).filter(p -> p.roomId().equals(room.id())).ifPresent(parent -> {
                Message.Thread held = dao.repliesHeld(parent.id());
                threadChanged(dao, room, parent.withThread(new Message.Thread(held.count(), held.lastReplyAt(),
                        parent.thread().followers()), at), memberIds, after);
            });
        }
    }

    /**
     * Sets or unsets {@code by}'s {@code reaction} on {@code m} (locked by the caller), with set
     * semantics: false, and nothing written, when it was so already.
     */
    boolean react(Handle h, MessageDao dao, Room room, Message m, User by, String reaction, boolean add, long at,
                  List<ChatEvent> after) {
        if (m.hasReaction(reaction, by.username()) == add) {
            return false;
        }
        Message changed = m.withReaction(reaction, by.username(), add, at);
        dao.update(changed);
        after.add(new ChatEvent.MessageSaved(changed, room, h.attach(SubscriptionDao.class).memberIds(room.id()),
                ChatEvent.Change.REACTED));
        after.add(new ChatEvent.ReactionChanged(room, changed, by, reaction, add));
        return true;
    }

    /**
     * The users {@code text} mentions, as this server knows them ({@code @all} and {@code @here}
     * kept as such); names nobody here has are not mentions. The one reading of mentions, for
     * local and peers' messages alike, so a peer's list cannot differ from what its text says.
     */
    List<Message.Mention> resolveMentions(Handle h, String text) {
        List<Message.Mention> mentions = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (String name : Mentions.names(text)) {
            if (name.equals("all") || name.equals("here")) {
                mentions.add(new Message.Mention(name, name, null));
            } else {
                keys.add(User.key(name));
            }
        }
        if (!keys.isEmpty()) {
            for (User u : h.attach(UserDao.class).byUsernameKeys(keys)) {
                mentions.add(new Message.Mention(u.id(), u.username(), u.name()));
            }
        }
        return mentions;
    }

    /** True when the mentions include {@code @all} or {@code @here} (Rocket.Chat's group mentions). */
    private static boolean mentionsGroup(List<Message.Mention> mentions) {
        return mentions.stream().anyMatch(x -> x.id().equals("all") || x.id().equals("here"));
    }

    /** The ids of the users {@code mentions} names, without {@code @all}/{@code @here}, the author and {@code except}. */
    private static List<String> mentionedMembers(List<Message.Mention> mentions, String authorId, Set<String> except) {
        return mentions.stream().map(Message.Mention::id)
                .filter(id -> !id.equals("all") && !id.equals("here") && !id.equals(authorId) && !except.contains(id))
                .distinct().toList();
    }
}
