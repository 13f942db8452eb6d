package dev.fedchat.server.message;

import dev.fedchat.server.db.Like;
import dev.fedchat.server.error.RcException;
import dev.fedchat.server.room.Membership;
import dev.fedchat.server.room.Room;
import dev.fedchat.server.room.RoomService;
import dev.fedchat.server.room.SubscriptionDao;
import dev.fedchat.server.user.User;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import org.jdbi.v3.core.Jdbi;

/**
 * Threads as readers see them (Rocket.Chat's {@code chat.getThreadsList}, {@code getThreadMessages},
 * {@code followMessage}): a room's threads, a thread's replies, and following. Replies are posted,
 * counted and notified by the message write path ({@link MessageChanges#insert}); following is a
 * reader's own choice and stays on this server.
 */
public final class Threads {
    /** Which of a room's threads a list shows ({@code type} of {@code chat.getThreadsList}). */
    public enum Filter {
        ALL, FOLLOWING, UNREAD;

        /** Rocket.Chat's {@code type}; null or blank is all. */
        public static Filter of(String type) {
            if (type == null || type.isBlank()) {
                return ALL;
            }
            try {
                return valueOf(type.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw RcException.invalidParams("type must be one of all, following, unread; got '" + type + "'");
            }
        }
    }

    private final Jdbi jdbi;
    private final Clock clock;
    private final RoomService rooms;
    private final MessageChanges changes;

    Threads(Jdbi jdbi, Clock clock, RoomService rooms, MessageChanges changes) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.rooms = rooms;
        this.changes = changes;
    }

    /**
     * The room's threads, latest reply first. {@code UNREAD}: the threads the caller follows with a
     * reply after they last read the room (this server keeps no per-thread read mark yet).
     */
    public MessagePage list(User caller, Room room, Filter filter, String text, int count, int offset) {
        rooms.requireReadAccess(room, caller);
        String follower = filter == Filter.ALL ? null : caller.id();
        // a member who never read the room has read nothing: every followed thread with a reply is unread
        Long after = filter != Filter.UNREAD ? null : rooms.membership(room, caller).map(Membership::lastSeenAt).orElse(0L);
        String like = text == null || text.isBlank() ? null : Like.contains(text);
        return jdbi.withHandle(h -> {
            MessageDao dao = changes.dao(h);
            return new MessagePage(dao.threads(room.id(), follower, after, like, count, offset),
                    dao.countThreads(room.id(), follower, after, like));
        });
    }

    /** A thread's replies, oldest first. */
    public MessagePage replies(User caller, String parentId, int count, int offset) {
        Message parent = readable(caller, parentId);
        return jdbi.withHandle(h -> {
            MessageDao dao = changes.dao(h);
            return new MessagePage(dao.replies(parent.id(), count, offset), dao.countReplies(parent.id()));
        });
    }

    /** A thread's replies changed after {@code since} ({@code chat.syncThreadMessages}); at most {@link Sync#MAX}. */
    public List<Message> repliesChangedSince(User caller, String parentId, long since) {
        Message parent = readable(caller, parentId);
        return jdbi.withHandle(h -> changes.dao(h).repliesChangedSince(parent.id(), since, Sync.MAX));
    }

    /**
     * The room's threads changed after {@code since}, and the room's messages deleted since
     * ({@code chat.syncThreadsList}: a client drops the ids it does not list); at most {@link Sync#MAX} of each.
     */
    public Sync threadsChangedSince(User caller, Room room, long since) {
        rooms.requireReadAccess(room, caller);
        return jdbi.withHandle(h -> new Sync(changes.dao(h).threadsChangedSince(room.id(), since, Sync.MAX),
                changes.dao(h).deletedSince(room.id(), since, Sync.MAX)));
    }

    /**
     * The caller follows the thread of {@code messageId}, or stops; a member of the room only, as a
     * reader of a room they left has nothing to be told. Repeating it changes nothing.
     */
    public void follow(User caller, String messageId, boolean follow) {
        long now = clock.millis();
        changes.transaction((h, after) -> {
            MessageDao dao = changes.dao(h);
            MessageChanges.Locked target = changes.lock(h, dao, messageId).orElseThrow(MessageService::invalidMessage);
            Message m = target.message();
            if (h.attach(SubscriptionDao.class).find(m.roomId(), caller.id()).isEmpty()) {
                throw new RcException(403, "error-not-allowed", "You are not a member of this room");
            }
            if (m.thread().followers().contains(caller.id()) != follow) {
                changes.threadChanged(dao, target.room(), m.withThread(m.thread().followedBy(caller.id(), follow), now),
                        h.attach(SubscriptionDao.class).memberIds(m.roomId()), after);
            }
            return null;
        });
    }

    private Message readable(User caller, String messageId) {
        Message m = jdbi.withHandle(h -> changes.dao(h).byId(messageId)).orElseThrow(MessageService::invalidMessage);
        rooms.requireReadAccess(rooms.requireRoom(m.roomId()), caller);
        return m;
    }
}
