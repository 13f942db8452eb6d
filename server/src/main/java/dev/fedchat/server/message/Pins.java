package dev.fedchat.server.message;

import dev.fedchat.server.Ids;
import dev.fedchat.server.error.RcException;
import dev.fedchat.server.events.ChatEvent;
import dev.fedchat.server.room.Membership;
import dev.fedchat.server.room.Room;
import dev.fedchat.server.room.RoomService;
import dev.fedchat.server.room.SubscriptionDao;
import dev.fedchat.server.settings.Settings;
import dev.fedchat.server.settings.SettingsService;
import dev.fedchat.server.user.User;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Pinned messages (Rocket.Chat's {@code chat.pinMessage}): a pin is the room's state, set by its
 * owners and moderators (Rocket.Chat's default {@code pin-message} roles) or an admin, shown to
 * every reader, and announced with Rocket.Chat's {@code message_pinned} system message quoting
 * the pinned one.
 */
public final class Pins {
    /** Rocket.Chat's system message type for a pin. */
    public static final String PINNED = "message_pinned";
    /** The most pins a room's state carries to other servers; Rocket.Chat set no bound. */
    public static final int MAX_FEDERATED_PINS = 200;

    private final Jdbi jdbi;
    private final Clock clock;
    private final Ids ids;
    private final RoomService rooms;
    private final SettingsService settings;
    private final MessageChanges changes;

    Pins(Jdbi jdbi, Clock clock, Ids ids, RoomService rooms, SettingsService settings, MessageChanges changes) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.ids = ids;
        this.rooms = rooms;
        this.settings = settings;
        this.changes = changes;
    }

    /**
     * Pins or unpins {@code messageId}. A new pin posts the {@code message_pinned} notice, which
     * is returned; an unpin, or a pin already there, returns empty and posts nothing.
     */
    public Optional<Message> pin(User caller, String messageId, boolean pin) {
        if (!settings.bool(Settings.ALLOW_PINNING)) {
            throw RcException.invalid("error-action-not-allowed", "Message pinning is not allowed");
        }
        long now = clock.millis();
        return changes.transaction((h, after) -> {
            MessageDao dao = changes.dao(h);
            MessageChanges.Locked target = changes.lock(h, dao, messageId).orElseThrow(MessageService::invalidMessage);
            Message m = target.message();
            Room room = target.room();
            SubscriptionDao subs = h.attach(SubscriptionDao.class);
            Optional<Membership> membership = subs.find(room.id(), caller.id());
            boolean moderates = membership.map(s -> s.roleList().contains("owner") || s.roleList().contains("moderator"))
                    .orElse(false);
            if (!caller.isAdmin() && !moderates) {
                throw new RcException(403, "error-action-not-allowed", "Only the room's owners and moderators may "
                        + (pin ? "pin" : "unpin") + " messages");
            }
            if (m.type() != null) {
                throw RcException.invalid("error-invalid-message", "A system message cannot be pinned");
            }
            if (rooms.heldElsewhere(room)) {
                // pins are the room's state, and a room's state is its origin's (as its settings are)
                throw RcException.invalid("error-federation-not-origin", "This room belongs to " + room.federationOrigin()
                        + "; its pins are changed there");
            }
            if ((m.pin() != null) == pin) {
                return Optional.<Message>empty();
            }
            List<String> memberIds = subs.memberIds(room.id());
            Message changed = m.withPin(pin ? new Message.Pin(now, caller.id(), caller.username()) : null, now);
            dao.updatePin(changed);
            after.add(new ChatEvent.MessageSaved(changed, room, memberIds, ChatEvent.Change.PINNED));
            if (room.isFederated()) {
                after.add(new ChatEvent.PinsChanged(room, dao.pinned(room.id(), MAX_FEDERATED_PINS, 0)));
            }
            if (!pin) {
                return Optional.<Message>empty();
            }
            Message notice = new Message(ids.next(), room.id(), caller.id(), caller.username(), caller.name(), "", PINNED,
                    null, List.of(), Map.of(), Map.of("attachments", List.of(quote(m))), now, now, null, null, null,
                    Message.Thread.NONE, null, List.of());
            changes.insert(h, dao, subs, room, notice, memberIds, after);
            return Optional.of(notice);
        });
    }

    /** The room's pinned messages, latest pin first. */
    public MessagePage pinned(User caller, Room room, int count, int offset) {
        rooms.requireReadAccess(room, caller);
        return jdbi.withHandle(h -> new MessagePage(changes.dao(h).pinned(room.id(), count, offset),
                changes.dao(h).countPinned(room.id())));
    }

    /** Rocket.Chat's quote of the pinned message in the notice's attachments. */
    private static Map<String, Object> quote(Message m) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("text", m.msg());
        a.put("author_name", m.username());
        a.put("author_icon", "/avatar/" + m.username());
        a.put("ts", Instant.ofEpochMilli(m.ts()).toString());
        Object attachments = m.extra().get("attachments");
        if (attachments != null) {
            a.put("attachments", attachments);
        }
        return a;
    }
}
