package dev.fedchat.server.message;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fedchat.server.Ids;
import dev.fedchat.server.db.CommitGroup;
import dev.fedchat.server.error.RcException;
import dev.fedchat.server.events.ChatEvent;
import dev.fedchat.server.events.LocalEvents;
import dev.fedchat.server.room.Membership;
import dev.fedchat.server.room.Room;
import dev.fedchat.server.room.RoomDao;
import dev.fedchat.server.room.RoomService;
import dev.fedchat.server.room.SubscriptionDao;
import dev.fedchat.server.settings.Settings;
import dev.fedchat.server.settings.SettingsService;
import dev.fedchat.server.user.User;
import dev.fedchat.server.user.UserDao;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
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
    private final CommitGroup commits;
    private final Clock clock;
    private final Ids ids;
    private final ObjectMapper json;
    private final RoomService rooms;
    private final SettingsService settings;
    private final LocalEvents events;
    /** The {@code ts} of the latest message created by this process; see {@link #nextTimestamp()}. */
    private final AtomicLong lastTimestamp = new AtomicLong();

    public MessageService(Jdbi jdbi, CommitGroup commits, Clock clock, Ids ids, ObjectMapper json, RoomService rooms,
                          SettingsService settings, LocalEvents events) {
        this.jdbi = jdbi;
        this.commits = commits;
        this.clock = clock;
        this.ids = ids;
        this.json = json;
        this.rooms = rooms;
        this.settings = settings;
        this.events = events;
    }

    /**
     * What a client sends. {@code id} may be chosen by the client (idempotent send); {@code extra}
     * holds the optional fields kept as given (alias, emoji, avatar, attachments, customFields,
     * file, files).
     */
    public record Draft(String id, String text, String tmid, Map<String, Object> extra) {
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
            Optional<Message> existing = jdbi.withHandle(h -> dao(h).byId(draft.id()));
            if (existing.isPresent()) {
                return sameSend(existing.get(), sender, room);
            }
        }
        long now = nextTimestamp();
        List<ChatEvent> after = new ArrayList<>();
        // posts share commits with concurrent posts (see CommitGroup); the unit runs as its own transaction would
        Message saved = commits.run(h -> {
            // attached once: each attach of a SQL object costs about as much as a simple query
            SubscriptionDao subs = h.attach(SubscriptionDao.class);
            Membership membership = subs.find(room.id(), sender.id())
                    .orElseThrow(MessageService::notMember);
            checkMayPost(room, membership);
            List<Message.Mention> mentions = resolveMentions(h, text);
            Message m = new Message(draft.id() != null ? draft.id() : ids.next(), room.id(), sender.id(),
                    sender.username(), sender.name(), text, null, draft.tmid(), mentions, Map.of(),
                    withoutNulls(draft.extra()), now, now, null, null, null);
            dao(h).insert(m);
            h.attach(RoomDao.class).recordMessage(room.id(), m.id(), now);
            subs.countUnread(room.id(), sender.id(), now);
            List<String> mentionedIds = mentions.stream().map(Message.Mention::id)
                    .filter(id -> !id.equals("all") && !id.equals("here") && !id.equals(sender.id())).toList();
            if (!mentionedIds.isEmpty()) {
                subs.countMention(room.id(), mentionedIds);
            }
            List<String> memberIds = subs.memberIds(room.id());
            after.add(new ChatEvent.MessageSaved(m, room, memberIds, ChatEvent.Change.POSTED));
            for (String memberId : memberIds) {
                if (!memberId.equals(sender.id()) && (room.isDirect() || mentionedIds.contains(memberId))) {
                    after.add(new ChatEvent.Notification(memberId, m, room,
                            room.isDirect() ? sender.username() : room.name()));
                }
            }
            events.record(h, after);
            return m;
        });
        events.publishAll(after);
        return saved;
    }

    /**
     * A message a peer sent ({@code room_message}), stored with its own id and time, counted and
     * announced to local members like a local post. No permission checks: the caller proved the
     * sender, and that the author belongs to it. A message already here is left as it is.
     */
    public Message storeReplica(Message m, Room room) {
        storeReplicas(room, List.of(new Replica(m, h -> { })));
        return m;
    }

    /**
     * A peer's message, with work that must commit or fail together with it (the receiver's copy
     * of its federation event, for one).
     */
    public record Replica(Message message, Consumer<Handle> alongside) {}

    /**
     * Several peers' messages of one room (a dispatch batch's run of them), each stored as
     * {@link #storeReplica} stores one, in order and in one transaction with each one's
     * {@code alongside} work: one commit for the lot, where the commit is the dearest part of a
     * write on the embedded database (docs/benchmarks.md, "Federation"). All or nothing: if any of
     * it throws, nothing is stored and nothing announced. Announced after the commit, in order. A
     * message already here is left as it is; its {@code alongside} still runs.
     */
    public void storeReplicas(Room room, List<Replica> replicas) {
        for (Replica r : replicas) {
            if (!r.message().roomId().equals(room.id())) {
                throw new IllegalArgumentException("message " + r.message().id() + " is in room " + r.message().roomId()
                        + ", not in room " + room.id());
            }
        }
        List<ChatEvent> after = new ArrayList<>();
        jdbi.useTransaction(h -> {
            // attached once for the lot: each attach of a SQL object costs about as much as a simple query
            MessageDao dao = dao(h);
            RoomDao roomDao = h.attach(RoomDao.class);
            SubscriptionDao subs = h.attach(SubscriptionDao.class);
            // messages change no membership, so the run's members are read once
            List<String> memberIds = subs.memberIds(room.id());
            for (Replica r : replicas) {
                Message m = r.message();
                if (dao.byId(m.id()).isEmpty()) {
                    dao.insert(m);
                    roomDao.recordMessage(room.id(), m.id(), m.ts());
                    subs.countUnread(room.id(), m.userId(), m.ts());
                    List<String> mentionedIds = m.mentions().stream().map(Message.Mention::id)
                            .filter(id -> !id.equals("all") && !id.equals("here") && !id.equals(m.userId())).toList();
                    if (!mentionedIds.isEmpty()) {
                        subs.countMention(room.id(), mentionedIds);
                    }
                    after.add(new ChatEvent.MessageSaved(m, room, memberIds, ChatEvent.Change.POSTED));
                    for (String memberId : memberIds) {
                        if (!memberId.equals(m.userId()) && (room.isDirect() || mentionedIds.contains(memberId))) {
                            after.add(new ChatEvent.Notification(memberId, m, room, room.isDirect() ? m.username() : room.name()));
                        }
                    }
                }
                r.alongside().accept(h);
            }
            events.record(h, after);
        });
        events.publishAll(after);
    }

    /** A peer's edit of its user's message ({@code room_edit_message}); unknown messages are ignored. */
    public Optional<Message> editReplica(String messageId, String text, User editor) {
        long now = clock.millis();
        List<ChatEvent> after = new ArrayList<>();
        Optional<Message> saved = jdbi.inTransaction(h -> {
            MessageDao dao = dao(h);
            Optional<Message> found = dao.lock(messageId);
            if (found.isEmpty()) {
                return Optional.<Message>empty();
            }
            Message edited = found.get().edited(text, found.get().mentions(), now, editor.id(), editor.username());
            dao.update(edited);
            Room room = h.attach(RoomDao.class).byId(edited.roomId()).orElseThrow(MessageService::invalidMessage);
            after.add(new ChatEvent.MessageSaved(edited, room, h.attach(SubscriptionDao.class).memberIds(room.id()), ChatEvent.Change.EDITED));
            events.record(h, after);
            return Optional.of(edited);
        });
        events.publishAll(after);
        return saved;
    }

    /** A peer's deletion ({@code room_delete_message}); a message already gone is fine. */
    public void deleteReplica(String messageId, User by) {
        List<ChatEvent> after = new ArrayList<>();
        jdbi.useTransaction(h -> {
            MessageDao dao = dao(h);
            Optional<Message> found = dao.lock(messageId);
            if (found.isEmpty()) {
                return;
            }
            Room room = h.attach(RoomDao.class).byId(found.get().roomId()).orElseThrow(MessageService::invalidMessage);
            dao.delete(found.get(), clock.millis());
            after.add(new ChatEvent.MessageDeleted(room.id(), messageId, h.attach(SubscriptionDao.class).memberIds(room.id()), room, by,
                    found.get().username()));
            events.record(h, after);
        });
        events.publishAll(after);
    }

    /** A peer's reaction set or unset, with set semantics (a repeat changes nothing). */
    public void reactReplica(String messageId, String emoji, User by, boolean add) {
        String key = normaliseEmoji(emoji);
        long now = clock.millis();
        List<ChatEvent> after = new ArrayList<>();
        jdbi.useTransaction(h -> {
            MessageDao dao = dao(h);
            Optional<Message> found = dao.lock(messageId);
            if (found.isEmpty()) {
                return;
            }
            Message m = found.get();
            if (m.hasReaction(key, by.username()) == add) {
                return;
            }
            Message changed = m.withReaction(key, by.username(), add, now);
            dao.update(changed);
            Room room = h.attach(RoomDao.class).byId(m.roomId()).orElseThrow(MessageService::invalidMessage);
            after.add(new ChatEvent.MessageSaved(changed, room, h.attach(SubscriptionDao.class).memberIds(room.id()), ChatEvent.Change.REACTED));
            after.add(new ChatEvent.ReactionChanged(room, changed, by, key, add));
            events.record(h, after);
        });
        events.publishAll(after);
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
        if (room.readOnly() && !membership.isOwner()) {
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
        List<ChatEvent> after = new ArrayList<>();
        Message saved = jdbi.inTransaction(h -> {
            MessageDao dao = dao(h);
            Message m = dao.lock(messageId).orElseThrow(MessageService::invalidMessage);
            if (roomId != null && !m.roomId().equals(roomId)) {
                throw RcException.invalid("error-invalid-message", "The message is not in room " + roomId);
            }
            Room room = h.attach(RoomDao.class).byId(m.roomId()).orElseThrow(MessageService::invalidMessage);
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
            Message edited = m.edited(text, resolveMentions(h, text), now, editor.id(), editor.username());
            dao.update(edited);
            after.add(new ChatEvent.MessageSaved(edited, room, h.attach(SubscriptionDao.class).memberIds(room.id()), ChatEvent.Change.EDITED));
            events.record(h, after);
            return edited;
        });
        events.publishAll(after);
        return saved;
    }

    public Message delete(User caller, String roomId, String messageId) {
        if (!settings.bool(Settings.ALLOW_DELETING) && !caller.isAdmin()) {
            throw RcException.invalid("error-action-not-allowed", "Message deleting is not allowed");
        }
        List<ChatEvent> after = new ArrayList<>();
        Message deleted = jdbi.inTransaction(h -> {
            MessageDao dao = dao(h);
            Message m = dao.lock(messageId).orElseThrow(MessageService::invalidMessage);
            if (roomId != null && !m.roomId().equals(roomId)) {
                throw RcException.invalid("error-invalid-message", "The message is not in room " + roomId);
            }
            Room room = h.attach(RoomDao.class).byId(m.roomId()).orElseThrow(MessageService::invalidMessage);
            requireAuthorOrModerator(h, caller, room, m, "delete");
            dao.delete(m, clock.millis());
            after.add(new ChatEvent.MessageDeleted(room.id(), m.id(), h.attach(SubscriptionDao.class).memberIds(room.id()), room, caller,
                    m.username()));
            events.record(h, after);
            return m;
        });
        events.publishAll(after);
        return deleted;
    }

    /**
     * Adds or removes the caller's reaction. {@code shouldReact} null toggles.
     *
     * @return whether the reaction is now present
     */
    public boolean react(User caller, String messageId, String emoji, Boolean shouldReact) {
        String key = normaliseEmoji(emoji);
        long now = clock.millis();
        List<ChatEvent> after = new ArrayList<>();
        boolean present = jdbi.inTransaction(h -> {
            MessageDao dao = dao(h);
            Message m = dao.lock(messageId).orElseThrow(MessageService::invalidMessage);
            Room room = h.attach(RoomDao.class).byId(m.roomId()).orElseThrow(MessageService::invalidMessage);
            Membership membership = h.attach(SubscriptionDao.class).find(room.id(), caller.id())
                    .orElseThrow(MessageService::notMember);
            if (membership.muted()) {
                throw RcException.invalid("error-user-muted", "You have been muted and cannot react in this room");
            }
            boolean has = m.hasReaction(key, caller.username());
            boolean want = shouldReact == null ? !has : shouldReact;
            if (want == has) {
                return has;
            }
            Message changed = m.withReaction(key, caller.username(), want, now);
            dao.update(changed);
            after.add(new ChatEvent.MessageSaved(changed, room, h.attach(SubscriptionDao.class).memberIds(room.id()), ChatEvent.Change.REACTED));
            after.add(new ChatEvent.ReactionChanged(room, changed, caller, key, want));
            events.record(h, after);
            return want;
        });
        events.publishAll(after);
        return present;
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

    private List<Message.Mention> resolveMentions(Handle h, String text) {
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

    private MessageDao dao(Handle h) {
        return new MessageDao(h, json);
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

    private static RcException invalidMessage() {
        return RcException.invalid("error-invalid-message", "Invalid message");
    }
}
