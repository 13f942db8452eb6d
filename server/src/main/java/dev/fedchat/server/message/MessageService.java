package dev.fedchat.server.message;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fedchat.server.Ids;
import dev.fedchat.server.db.CommitGroup;
import dev.fedchat.server.error.RcException;
import dev.fedchat.server.events.LocalEvents;
import dev.fedchat.server.room.Membership;
import dev.fedchat.server.room.Room;
import dev.fedchat.server.room.RoomService;
import dev.fedchat.server.room.SubscriptionDao;
import dev.fedchat.server.settings.Settings;
import dev.fedchat.server.settings.SettingsService;
import dev.fedchat.server.user.User;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Posting, editing, deleting and reacting to messages, and reading history.
 *
 * <p>A post is one unit of work with its own all-or-nothing effect: the message row, the room's
 * last-message marks and every other member's unread counter. Concurrent posts share a commit
 * ({@link CommitGroup}); events go out after it. Thread-safe.
 */
public final class MessageService {
    /** The width of the {@code messages.id} and {@code messages.tmid} columns. */
    private static final int MAX_ID_LENGTH = 64;

    private final Jdbi jdbi;
    private final Clock clock;
    private final Ids ids;
    private final RoomService rooms;
    private final SettingsService settings;
    private final MessageChanges changes;
    private final MessageReplicas replicas;
    private final Threads threads;
    private final Pins pins;
    private final Stars stars;
    /** The {@code ts} of the latest message created by this process; see {@link #nextTimestamp()}. */
    private final AtomicLong lastTimestamp = new AtomicLong();

    public MessageService(Jdbi jdbi, CommitGroup commits, Clock clock, Ids ids, ObjectMapper json, RoomService rooms,
                          SettingsService settings, LocalEvents events) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.ids = ids;
        this.rooms = rooms;
        this.settings = settings;
        this.changes = new MessageChanges(jdbi, commits, clock, json, events);
        this.replicas = new MessageReplicas(clock, changes);
        this.threads = new Threads(jdbi, clock, rooms, changes);
        this.pins = new Pins(jdbi, clock, ids, rooms, settings, changes);
        this.stars = new Stars(jdbi, rooms, settings, changes);
    }

    /**
     * What a client sends. {@code id} may be chosen by the client (idempotent send); {@code extra}
     * holds the optional fields kept as given ({@link #OPTIONAL_FIELDS}, and the server's own
     * {@code file} and {@code files} for uploads).
     */
    public record Draft(String id, String text, String tmid, Map<String, Object> extra) {
        /** The optional fields a client may send with a message, kept as sent: the one list REST and DDP read. */
        public static final List<String> OPTIONAL_FIELDS = List.of("alias", "emoji", "avatar", "attachments",
                "customFields", "blocks", "tshow");

        public static Draft text(String text) {
            return new Draft(null, text, null, Map.of());
        }
    }

    public Message post(User sender, Room room, Draft draft) {
        String text = draft.text() == null ? "" : draft.text();
        checkSize(text);
        checkIdShape("_id", draft.id());
        checkIdShape("tmid", draft.tmid());
        if (text.isBlank() && draft.extra().get("attachments") == null && draft.extra().get("file") == null) {
            throw RcException.invalidParams("The message is empty: give it a text or an attachment");
        }
        if (draft.id() != null) {
            Optional<Message> existing = jdbi.withHandle(h -> changes.dao(h).byId(draft.id()));
            if (existing.isPresent()) {
                return sameSend(existing.get(), sender, room);
            }
        }
        long now = nextTimestamp();
        // posts share commits with concurrent posts (see CommitGroup); the unit runs as its own transaction would
        return changes.grouped((h, after) -> {
            // attached once: each attach of a SQL object costs about as much as a simple query
            SubscriptionDao subs = h.attach(SubscriptionDao.class);
            Membership membership = subs.find(room.id(), sender.id())
                    .orElseThrow(MessageService::notMember);
            checkMayPost(room, membership);
            MessageDao dao = changes.dao(h);
            Message m = new Message(draft.id() != null ? draft.id() : ids.next(), room.id(), sender.id(),
                    sender.username(), sender.name(), text, null, threadRoot(dao, room, draft.tmid()),
                    changes.resolveMentions(h, text), Map.of(), withoutNulls(draft.extra()), now, now, null, null, null,
                    Message.Thread.NONE, null, List.of());
            changes.insert(h, dao, subs, room, m, subs.memberIds(room.id()), after);
            return m;
        });
    }

    /**
     * The thread a reply to {@code tmid} goes into: the parent's own when the parent is a reply (a
     * thread is one level deep, as in Rocket.Chat); refused when there is no such message in the room.
     */
    private static String threadRoot(MessageDao dao, Room room, String tmid) {
        if (tmid == null) {
            return null;
        }
        Message parent = dao.byId(tmid).filter(p -> p.roomId().equals(room.id()))
                .orElseThrow(() -> RcException.invalid("error-invalid-message", "Invalid thread: no message " + tmid
                        + " in this room"));
        return parent.tmid() != null ? parent.tmid() : parent.id();
    }

    /** Threads as readers list and follow them. */
    public Threads threads() {
        return threads;
    }

    public Pins pins() {
        return pins;
    }

    public Stars stars() {
        return stars;
    }

    /** Where peers' message events are applied, sharing this service's writes. */
    public MessageReplicas replicas() {
        return replicas;
    }

    /** A message by id, without access checks (federation checks its own rules). */
    public Optional<Message> byId(String messageId) {
        return jdbi.withHandle(h -> dao(h).byId(messageId));
    }

    /**
     * A new message's {@code ts}: the clock, but always later than the previous message's. Clients
     * page history by {@code ts} ({@code latest}, {@code loadHistory}'s end), so two messages sharing
     * a millisecond could be skipped or shown twice at a page boundary; distinct times make every
     * page boundary exact (within this server process).
     */
    private long nextTimestamp() {
        return lastTimestamp.updateAndGet(previous -> Math.max(previous + 1, clock.millis()));
    }

    private static Message sameSend(Message existing, User sender, Room room) {
        if (existing.userId().equals(sender.id()) && existing.roomId().equals(room.id())) {
            return existing; // the client retried a send that had already succeeded
        }
        throw RcException.invalid("error-message-already-exists", "A message with this _id already exists");
    }

    private void checkSize(String text) {
        long max = settings.integer(Settings.MAX_MESSAGE_SIZE);
        if (text.length() > max) {
            throw RcException.invalid("error-message-size-exceeded", "Message size exceeds the allowed " + max + " characters");
        }
    }

    /** A client-chosen id must fit the {@code messages.id} and {@code tmid} columns. */
    private static void checkIdShape(String field, String id) {
        if (id != null && (id.isBlank() || id.length() > MAX_ID_LENGTH)) {
            throw RcException.invalidParams("'" + field + "' must be a non-blank id of at most " + MAX_ID_LENGTH + " characters");
        }
    }

    private void checkMayPost(Room room, Membership membership) {
        if (membership.muted()) {
            throw RcException.invalid("error-user-muted", "You have been muted and cannot speak in this room");
        }
        if (room.readOnly() && !membership.mayPostWhenReadOnly()) {
            throw RcException.notAllowed("This room is read only");
        }
    }

    public Message update(User editor, String roomId, String messageId, String text) {
        if (!settings.bool(Settings.ALLOW_EDITING)) {
            throw RcException.invalid("error-action-not-allowed", "Message editing is not allowed");
        }
        if (text == null) {
            throw RcException.invalidParams("The text is required");
        }
        checkSize(text);
        long now = clock.millis();
        return changes.transaction((h, after) -> {
            MessageDao dao = changes.dao(h);
            MessageChanges.Locked target = lockInRoom(h, dao, roomId, messageId);
            Message m = target.message();
            Room room = target.room();
            requireAuthorOrModerator(h, editor, room, m, "edit");
            if (!editor.isAdmin()) {
                // an edit says something new, so it needs the same right to speak as a post
                checkMayPost(room, h.attach(SubscriptionDao.class).find(room.id(), editor.id())
                        .orElseThrow(MessageService::notMember));
            }
            long window = settings.integer(Settings.EDIT_WINDOW_MINUTES) * 60_000L;
            if (!editor.isAdmin() && window > 0 && now - m.ts() > window) {
                throw RcException.invalid("error-message-editing-blocked", "Message editing is blocked after "
                        + settings.integer(Settings.EDIT_WINDOW_MINUTES) + " minutes");
            }
            return changes.edit(h, dao, room, m,
                    m.edited(text, changes.resolveMentions(h, text), now, editor.id(), editor.username()), after);
        });
    }

    public Message delete(User caller, String roomId, String messageId) {
        if (!settings.bool(Settings.ALLOW_DELETING) && !caller.isAdmin()) {
            throw RcException.invalid("error-action-not-allowed", "Message deleting is not allowed");
        }
        return changes.transaction((h, after) -> {
            MessageDao dao = changes.dao(h);
            MessageChanges.Locked target = lockInRoom(h, dao, roomId, messageId);
            requireAuthorOrModerator(h, caller, target.room(), target.message(), "delete");
            changes.delete(h, dao, target.room(), target.message(), caller, clock.millis(), after);
            return target.message();
        });
    }

    /**
     * Adds or removes the caller's reaction. {@code shouldReact} null toggles.
     *
     * @return whether the reaction is now present
     */
    public boolean react(User caller, String messageId, String emoji, Boolean shouldReact) {
        String key = normaliseEmoji(emoji);
        long now = clock.millis();
        return changes.transaction((h, after) -> {
            MessageDao dao = changes.dao(h);
            MessageChanges.Locked target = lockInRoom(h, dao, null, messageId);
            Membership membership = h.attach(SubscriptionDao.class).find(target.room().id(), caller.id())
                    .orElseThrow(MessageService::notMember);
            if (membership.muted()) {
                throw RcException.invalid("error-user-muted", "You have been muted and cannot react in this room");
            }
            boolean has = target.message().hasReaction(key, caller.username());
            boolean want = shouldReact == null ? !has : shouldReact;
            changes.react(h, dao, target.room(), target.message(), caller, key, want, now, after);
            return want;
        });
    }

    /** The message locked with its room; refused when it does not exist or is not in {@code roomId} (when given). */
    private MessageChanges.Locked lockInRoom(Handle h, MessageDao dao, String roomId, String messageId) {
        MessageChanges.Locked target = changes.lock(h, dao, messageId).orElseThrow(MessageService::invalidMessage);
        if (roomId != null && !target.message().roomId().equals(roomId)) {
            throw RcException.invalid("error-invalid-message", "The message is not in room " + roomId);
        }
        return target;
    }

    public Message get(User caller, String messageId) {
        Message m = jdbi.withHandle(h -> dao(h).byId(messageId)).orElseThrow(MessageService::invalidMessage);
        rooms.requireReadAccess(rooms.requireRoom(m.roomId()), caller);
        return m;
    }

    public List<Message> history(User caller, Room room, HistoryQuery q) {
        rooms.requireReadAccess(room, caller);
        return jdbi.withHandle(h -> dao(h).history(room.id(), q.oldest(), q.latest(), q.inclusive(), q.count(), q.offset()));
    }

    /** What changed in a room after {@code since}: {@code chat.syncMessages}. At most {@link Sync#MAX} of each. */
    public Sync sync(User caller, Room room, long since) {
        rooms.requireReadAccess(room, caller);
        return jdbi.withHandle(h -> new Sync(dao(h).changedSince(room.id(), since, Sync.MAX),
                dao(h).deletedSince(room.id(), since, Sync.MAX)));
    }

    public long countHistory(Room room, HistoryQuery q) {
        return jdbi.withHandle(h -> dao(h).countHistory(room.id(), q.oldest(), q.latest(), q.inclusive()));
    }

    /** ":smile:" and "smile" name the same reaction; stored with colons. */
    static String normaliseEmoji(String emoji) {
        if (emoji == null || emoji.isBlank()) {
            throw RcException.invalidParams("The emoji is required");
        }
        String bare = emoji.trim();
        if (bare.startsWith(":")) {
            bare = bare.substring(1);
        }
        if (bare.endsWith(":")) {
            bare = bare.substring(0, bare.length() - 1);
        }
        if (bare.isEmpty() || bare.length() > 64 || bare.contains(":")) {
            throw RcException.invalid("error-not-allowed", "Invalid emoji provided: " + emoji);
        }
        return ":" + bare + ":";
    }

    private void requireAuthorOrModerator(Handle h, User caller, Room room, Message m, String action) {
        if (m.userId().equals(caller.id()) || caller.isAdmin()) {
            return;
        }
        boolean owner = h.attach(SubscriptionDao.class).find(room.id(), caller.id()).map(Membership::isOwner).orElse(false);
        if (!owner) {
            throw new RcException(403, "error-action-not-allowed", "You may only " + action + " your own messages");
        }
    }

    private MessageDao dao(Handle h) {
        return changes.dao(h);
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> extra) {
        Map<String, Object> out = new LinkedHashMap<>();
        extra.forEach((k, v) -> {
            if (v != null) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static RcException notMember() {
        return new RcException(403, "error-not-allowed", "You are not a member of this room");
    }

    static RcException invalidMessage() {
        return RcException.invalid("error-invalid-message", "Invalid message");
    }
}
