package dev.fedchat.server.federation.events;

import static dev.fedchat.server.federation.events.EventFields.date;
import static dev.fedchat.server.federation.events.EventFields.messageId;
import static dev.fedchat.server.federation.events.EventFields.refuse;
import static dev.fedchat.server.federation.events.EventFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.error.RcException;
import dev.fedchat.server.federation.files.RemoteFiles;
import dev.fedchat.server.federation.transport.PeerCallException;
import dev.fedchat.server.federation.users.RemoteUsers;
import dev.fedchat.server.file.FileService;
import dev.fedchat.server.message.Message;
import dev.fedchat.server.message.MessageService;
import dev.fedchat.server.message.Pins;
import dev.fedchat.server.room.Membership;
import dev.fedchat.server.room.Room;
import dev.fedchat.server.room.RoomService;
import dev.fedchat.server.user.User;
import dev.fedchat.server.user.UserService;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a batch of events a proven peer sent ({@code federation.events.dispatch}). The batch is
 * read and checked whole before anything changes, so a bad event refuses the batch with its
 * reason and changes nothing; then events are applied in order, each idempotently, and stored in
 * the room's graph (a duplicate is recognised by its id and skipped).
 *
 * <p>A run of consecutive messages of one room, the bulk of any busy conversation, is checked event
 * by event as it comes and stored together ({@link MessageRun}): the messages, their events and the
 * room's leaves in one transaction, announced after it in order. A message with a file (fetched from
 * the sender first) and every other event end the run: it is stored before they are applied, so
 * each event still sees all that came before it, and a refused or failed event leaves the events
 * before it stored. With the count of new events (delivery statistics) in the last transaction, a
 * batch of fifty messages costs one durable commit, not a hundred and one.
 *
 * <p>Trust rules, stricter than Rocket.Chat (issue 4 §2, {@code docs/federation-security.md}):
 * an event's origin must be its sender; a room's events come only from its domains; a message only
 * from its author's server, for an author who is a member and not muted here. The room's own
 * events (genesis, members, mutes, deletion) are {@link InboundRoomEvents}' and follow its rules. A
 * {@code room_delete} is applied, never stored (§7.2).
 */
public final class InboundEvents {
    private static final Logger log = LoggerFactory.getLogger(InboundEvents.class);
    /**
     * Fields of a peer's message read, or made here, and so never kept as the peer sent them; the
     * others are (attachments, file, alias...). A thread's counts, pins and stars are this server's.
     */
    private static final Set<String> MESSAGE_CORE = Set.of("_id", "rid", "msg", "ts", "u", "mentions", "channels",
            "_updatedAt", "federation", "tmid", "t", "reactions", "editedAt", "editedBy", "urls", "md",
            "tcount", "tlm", "replies", "pinned", "pinnedAt", "pinnedBy", "starred", "drid", "dcount", "dlm");

    /**
     * Files fetched at most for one batch (issue 12 §4): each can be as large as our upload limit, so
     * a batch of 500 messages with files must not make one request cost 500 downloads.
     */
    static final int MAX_FILES_PER_BATCH = 20;

    private final Jdbi jdbi;
    private final EventStore store;
    private final RoomService rooms;
    private final MessageService messages;
    private final UserService users;
    private final RemoteFiles remoteFiles;
    private final FileService files;
    private final InboundRoomEvents roomEvents;
    private final EventGaps gaps;
    private final Supplier<String> ownDomain;
    private final BatchEnvelopes envelopes;
    private final ReceivedCounter counter;

    /**
     * Counts the new events of a proven peer's batch, in a transaction of the receiver's (the
     * delivery statistics' {@code events_in}): told once per batch applied to its end, never with 0.
     */
    @FunctionalInterface
    public interface ReceivedCounter {
        void count(Handle h, String sender, int events);
    }

    public InboundEvents(Jdbi jdbi, EventStore store, RoomService rooms, MessageService messages, UserService users,
                         RemoteUsers remoteUsers, RemoteFiles remoteFiles, FileService files, Supplier<String> ownDomain,
                         int maxBatch, int maxDomainsPerRoom, EventGaps gaps, ReceivedCounter counter) {
        this.jdbi = jdbi;
        this.store = store;
        this.rooms = rooms;
        this.messages = messages;
        this.users = users;
        this.remoteFiles = remoteFiles;
        this.files = files;
        this.gaps = gaps;
        this.roomEvents = new InboundRoomEvents(store, rooms, users, remoteUsers, ownDomain, maxDomainsPerRoom);
        this.ownDomain = ownDomain;
        this.envelopes = new BatchEnvelopes(jdbi, rooms, gaps, ownDomain, maxBatch);
        this.counter = counter;
    }

    /**
     * Applies the events of {@code body} from {@code sender}, and counts the new ones with the
     * {@link ReceivedCounter}; returns how many were new.
     */
    public int receive(String sender, JsonNode body) {
        List<FederationEvent> events = envelopes.check(sender, body);
        int fresh = 0;
        Set<String> unknownRooms = new HashSet<>();
        MessageRun run = new MessageRun(messages, store, (e, added) -> reportMissingParents(sender, e, added));
        int[] filesLeft = {MAX_FILES_PER_BATCH};
        for (FederationEvent e : events) {
            if (e.type() == EventType.PING || unknownRooms.contains(e.roomId())) {
                continue;
            }
            try {
                if (run.holds(e.id()) || jdbi.withHandle(h -> h.attach(EventDao.class).known(e.id()) > 0)) {
                    continue;
                }
                if (!applyOrJoin(sender, e, run, filesLeft)) {
                    fresh++;
                    continue;
                }
            } catch (UnknownRoomException unknown) {
                run.store();
                log.info("{}; asking {} for the room's events", unknown.getMessage(), e.origin());
                unknownRooms.add(e.roomId());
                gaps.ask(e.origin(), e.roomId());
                continue;
            } catch (RcException refused) {
                storeBefore(run, refused);
                if (refused.status() >= 500) {
                    // not the event's fault (a file or a third server's user out of reach): the sender retries it
                    log.info("Event {} ({}) from {} in room {} cannot be applied yet; the sender will retry: {}", e.id(),
                            e.type().wire(), sender, e.roomId(), refused.reason());
                } else {
                    // the sender's queue sets the event aside; whoever runs this server should see why
                    log.warn("Refused event {} ({}) from {} in room {}: {}", e.id(), e.type().wire(), sender, e.roomId(),
                            refused.reason());
                }
                throw refused;
            } catch (RuntimeException failed) {
                storeBefore(run, failed);
                throw failed;
            }
            fresh++;
            if (e.type() == EventType.ROOM_DELETE) {
                continue; // not stored (§7.2): the room's graph went with the room
            }
            EventStore.Added added = jdbi.inTransaction(h -> store.add(h, e));
            reportMissingParents(sender, e, added);
        }
        int received = fresh;
        if (!run.isEmpty()) {
            run.store(h -> counter.count(h, sender, received)); // the statistic shares the last commit
        } else if (received > 0) {
            jdbi.useTransaction(h -> counter.count(h, sender, received));
        }
        return received;
    }

    /**
     * Applies a new event, or checks a message that needs nothing but storing and adds it to the
     * run (returning false): it is stored with the run, before the next event that is not. A
     * relayed event (one we asked for) is judged against its own origin, like one it sent us itself.
     */
    private boolean applyOrJoin(String sender, FederationEvent e, MessageRun run, int[] filesLeft) {
        if (e.type() == EventType.ROOM_MESSAGE) {
            CheckedMessage m = checkMessage(e.origin(), e);
            if (RemoteFiles.remoteFileId(m.message().extra()).isEmpty()) {
                run.add(e, m.room(), m.message());
                return false;
            }
            run.store();
            if (filesLeft[0]-- <= 0 && messages.byId(m.message().id()).isEmpty()) {
                // the events before it are stored: the sender's next attempt starts here and makes progress
                throw new RcException(503, null, "This server fetches at most " + MAX_FILES_PER_BATCH + " files for one"
                        + " request; message " + m.message().id() + " and the events after it are taken on the next one");
            }
            storeAlone(e.origin(), m);
        } else {
            run.store();
            apply(e.origin(), e, e.origin().equals(sender) ? null : sender);
        }
        return true;
    }

    /**
     * Stores the run before {@code failed} leaves the batch, as the events before it were stored when
     * each had its own transaction; a failure of the run's comes first, as it would have happened first.
     */
    private static void storeBefore(MessageRun run, RuntimeException failed) {
        try {
            run.store();
        } catch (RuntimeException earlier) {
            earlier.addSuppressed(failed);
            throw earlier;
        }
    }

    private void reportMissingParents(String sender, FederationEvent e, EventStore.Added added) {
        if (!added.missingParents().isEmpty()) {
            // the room's origin holds every event of it and is the one server whose answer may carry
            // other servers' events (BatchEnvelopes); when that is us, the event's own origin is asked
            String asked = rooms.byId(e.roomId()).map(Room::federationOrigin).filter(o -> o != null && !o.equals(ownDomain.get()))
                    .orElse(e.origin());
            log.info("Event {} from {} in room {} names {} parent(s) this server does not hold; asking {} for them",
                    e.id(), sender, e.roomId(), added.missingParents().size(), asked);
            gaps.ask(asked, e.roomId());
        }
    }

    /**
     * Applies {@code e}, judged against its origin {@code sender}; {@code relayedBy} is the server
     * that passed it on (the room's origin, in an answer we asked for), or null.
     */
    private void apply(String sender, FederationEvent e, String relayedBy) {
        switch (e.type()) {
            case GENESIS -> roomEvents.genesis(sender, e);
            case ROOM_ADD_USER -> roomEvents.addUser(sender, e, relayedBy);
            case ROOM_REMOVE_USER -> roomEvents.removeUser(sender, e, false);
            case ROOM_USER_LEFT -> roomEvents.removeUser(sender, e, true);
            case ROOM_MUTE_USER -> roomEvents.mute(sender, e, true);
            case ROOM_UNMUTE_USER -> roomEvents.mute(sender, e, false);
            case ROOM_DELETE -> roomEvents.deleteRoom(sender, e);
            case ROOM_MESSAGE -> throw new IllegalStateException("messages are checked and stored by receive, in runs or alone");
            case ROOM_EDIT_MESSAGE -> edit(sender, e);
            case ROOM_DELETE_MESSAGE -> deleteMessage(sender, e);
            case ROOM_SET_MESSAGE_REACTION -> reaction(sender, e, true);
            case ROOM_UNSET_MESSAGE_REACTION -> reaction(sender, e, false);
            case ROOM_UPDATE -> roomEvents.update(sender, e, relayedBy);
            case ROOM_PINS -> pins(sender, e, relayedBy);
            default -> throw refuse("event " + e.id() + ": the type " + e.type().wire() + " is not supported by this server yet");
        }
    }

    /** A peer's message that passed every check, with its room; its file, if any, not fetched yet. */
    private record CheckedMessage(Room room, User author, Message message) {}

    /**
     * Checks a peer's message (the room includes the sender; the author is the sender's user, a
     * member, not muted) and reads it; stores nothing. Its mentions are read from its text when it
     * is stored, as a local message's are, not taken from the event's list.
     */
    private CheckedMessage checkMessage(String sender, FederationEvent e) {
        Room room = roomEvents.federatedRoom(sender, e);
        JsonNode m = e.data().path("message");
        String rid = text(m, "rid", e);
        if (!rid.equals(room.id())) {
            throw refuse("event " + e.id() + " carries a message of room " + rid + " in the context of room " + room.id());
        }
        String authorId = text(m.path("u"), "_id", e);
        User author = users.byId(authorId)
                .orElseThrow(() -> refuse("event " + e.id() + ": the author " + authorId + " is not a member known here"));
        if (!sender.equals(author.federationOrigin())) {
            throw refuse("event " + e.id() + ": " + sender + " cannot send messages of " + author.username()
                    + ", who is not one of its users");
        }
        Membership membership = rooms.membership(room, author)
                .orElseThrow(() -> refuse("event " + e.id() + ": " + author.username() + " is not a member of room " + room.id()));
        if (membership.muted()) {
            // the room's origin muted them; their server may not have heard yet
            throw refuse("event " + e.id() + ": " + author.username() + " is muted in room " + room.id());
        }
        if (room.readOnly() && !membership.mayPostWhenReadOnly()) {
            throw refuse("event " + e.id() + ": room " + room.id() + " is read only, and " + author.username()
                    + " is not one of its owners or moderators");
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        m.fields().forEachRemaining(f -> {
            if (!MESSAGE_CORE.contains(f.getKey())) {
                extra.put(f.getKey(), dev.fedchat.protocol.json.Ejson.fromJsonValue(f.getValue()));
            }
        });
        long ts = date(m.path("ts"), e.timestamp());
        String tmid = m.path("tmid").isTextual() ? messageId(m, "tmid", e) : null;
        if (tmid != null) {
            messageOfRoom(room, tmid, e, "answers in the thread of");
        }
        Message message = new Message(messageId(m, "_id", e), room.id(), author.id(), author.username(), author.name(),
                unqualifyMentions(m.path("msg").asText("")), null, tmid, List.of(), Map.of(), extra, ts,
                date(m.path("_updatedAt"), ts), null, null, null, Message.Thread.NONE, null, List.of());
        return new CheckedMessage(room, author, message);
    }

    /** Stores a checked message in a transaction of its own, its file (if it names one) fetched from the sender first. */
    private void storeAlone(String sender, CheckedMessage checked) {
        Message message = checked.message();
        String id = message.id();
        if (messages.byId(id).isPresent()) {
            return; // the same message again (a retried batch): its file is here already
        }
        RemoteFiles.Fetched fetched;
        try {
            fetched = remoteFiles.fetch(sender, checked.room(), checked.author().id(), message.extra());
        } catch (PeerCallException ex) {
            if (ex.kind() == PeerCallException.Kind.REJECTED) {
                // the sender itself says it has no such file (or refuses it to us): asking again cannot help
                throw refuse("message " + id + " names a file " + sender + " will not serve: " + ex.getMessage());
            }
            // not the event's fault: the sender keeps it queued and tries again
            throw new RcException(503, null, "Could not fetch the file of message " + id + " from " + sender + ": "
                    + ex.getMessage());
        }
        messages.replicas().store(message.withExtra(fetched.extra()), checked.room());
        fetched.stored().ifPresent(f -> files.attachReplica(f.id(), id, f.name()));
    }

    /**
     * A room's pins as its origin says they are now (fedchat's {@code room_pins}): from the origin
     * itself only, as its settings are; at most {@code Pins.MAX_FEDERATED_PINS}; pins of messages
     * not held here are skipped.
     */
    private void pins(String sender, FederationEvent e, String relayedBy) {
        Room room = roomEvents.federatedRoom(sender, e);
        if (relayedBy != null || !sender.equals(room.federationOrigin()) || !sender.equals(e.origin())) {
            throw refuse("event " + e.id() + ": only room " + room.id() + "'s origin " + room.federationOrigin()
                    + " may send its pins, itself; " + (relayedBy != null ? relayedBy : sender) + " sent them");
        }
        JsonNode list = e.data().path("pinned");
        if (!list.isArray() || list.size() > Pins.MAX_FEDERATED_PINS) {
            throw refuse("event " + e.id() + ": 'pinned' must be a list of at most " + Pins.MAX_FEDERATED_PINS + " pins");
        }
        Map<String, Message.Pin> pins = new LinkedHashMap<>();
        for (JsonNode p : list) {
            String by = text(p.path("pinnedBy"), "username", e);
            pins.put(messageId(p, "_id", e), new Message.Pin(date(p.path("pinnedAt"), e.timestamp()),
                    text(p.path("pinnedBy"), "_id", e), roomEvents.local(by)));
        }
        messages.replicas().setPins(room, pins);
    }

    /** Edits come from the author's server only (Rocket.Chat let any peer rewrite any message). */
    private void edit(String sender, FederationEvent e) {
        Room room = roomEvents.federatedRoom(sender, e);
        JsonNode m = e.data().path("message");
        String id = messageId(m, "_id", e);
        Optional<Message> target = messageOfRoom(room, id, e, "edits");
        if (target.isEmpty()) {
            log.info("Edit {} from {} is for message {}, which this server does not have; ignored", e.id(), sender, id);
            return;
        }
        User author = authorFrom(sender, target.get(), e, "edit");
        messages.replicas().edit(id, unqualifyMentions(m.path("msg").asText("")), author);
    }

    private void deleteMessage(String sender, FederationEvent e) {
        Room room = roomEvents.federatedRoom(sender, e);
        String id = messageId(e.data(), "messageId", e);
        Optional<Message> target = messageOfRoom(room, id, e, "deletes");
        if (target.isPresent()) {
            messages.replicas().delete(id, authorFrom(sender, target.get(), e, "delete"));
        }
    }

    /** The reacting user must be one of the sender's, named by qualified username (Rocket.Chat sent the bare name). */
    private void reaction(String sender, FederationEvent e, boolean add) {
        Room room = roomEvents.federatedRoom(sender, e);
        String named = text(e.data(), "username", e);
        // Rocket.Chat's hooks sent the reacting user's bare local name (spec §8.3): that is a user of the sender
        String username = named.contains("@") ? named : named + "@" + sender;
        if (!username.toLowerCase(Locale.ROOT).endsWith("@" + sender)) {
            throw refuse("event " + e.id() + ": " + sender + " cannot react for " + username + ", who is not one of its users");
        }
        User reactor = users.byUsername(username)
                .filter(u -> rooms.membership(room, u).isPresent())
                .orElseThrow(() -> refuse("event " + e.id() + ": " + username + " is not a member of room " + room.id()));
        String id = messageId(e.data(), "messageId", e);
        String reactionName = text(e.data(), "reaction", e);
        messageOfRoom(room, id, e, "reacts to").ifPresent(m -> messages.replicas().react(id, reactionName, reactor, add));
    }

    /**
     * The message an event about a message names, when this server holds it; refused when it is a
     * message of another room than the event's. The one same-room check of every handler that
     * changes a message (issue 12 §1: an edit once skipped it), so a member of one room cannot
     * touch messages of another by naming them.
     */
    private Optional<Message> messageOfRoom(Room room, String messageId, FederationEvent e, String what) {
        Optional<Message> target = messages.byId(messageId);
        if (target.isPresent() && !target.get().roomId().equals(room.id())) {
            throw refuse("event " + e.id() + " " + what + " message " + messageId + ", which is not in room " + room.id());
        }
        return target;
    }

    private User authorFrom(String sender, Message target, FederationEvent e, String what) {
        User author = users.byId(target.userId())
                .orElseThrow(() -> refuse("event " + e.id() + ": the author of message " + target.id() + " is unknown here"));
        if (!sender.equals(author.federationOrigin())) {
            throw refuse("event " + e.id() + ": only the author's server may " + what + " message " + target.id()
                    + " (" + author.username() + ")");
        }
        return author;
    }

    private String unqualifyMentions(String text) {
        return text.replaceAll("(?<![\\w@.-])@([\\w.-]+)@" + java.util.regex.Pattern.quote(ownDomain.get()) + "(?![\\w@.-])", "@$1");
    }
}
