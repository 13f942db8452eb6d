package dev.fedchat.server.message;

import dev.fedchat.server.error.RcException;
import dev.fedchat.server.room.Room;
import dev.fedchat.server.room.RoomService;
import dev.fedchat.server.room.SubscriptionDao;
import dev.fedchat.server.settings.Settings;
import dev.fedchat.server.settings.SettingsService;
import dev.fedchat.server.user.User;
import org.jdbi.v3.core.Jdbi;

/**
 * Starred messages (Rocket.Chat's {@code chat.starMessage}): a reader's own bookmark, set by a
 * member of the room, shown in the message's {@code starred} and never sent to other servers.
 */
public final class Stars {
    private final Jdbi jdbi;
    private final RoomService rooms;
    private final SettingsService settings;
    private final MessageChanges changes;

    Stars(Jdbi jdbi, RoomService rooms, SettingsService settings, MessageChanges changes) {
        this.jdbi = jdbi;
        this.rooms = rooms;
        this.settings = settings;
        this.changes = changes;
    }

    /** Stars or unstars {@code messageId} for the caller; a repeat changes nothing. */
    public void star(User caller, String messageId, boolean star) {
        if (!settings.bool(Settings.ALLOW_STARRING)) {
            throw RcException.invalid("error-action-not-allowed", "Message starring is not allowed");
        }
        changes.transaction((h, after) -> {
            MessageDao dao = changes.dao(h);
            MessageChanges.Locked target = changes.lock(h, dao, messageId).orElseThrow(MessageService::invalidMessage);
            Message m = target.message();
            if (h.attach(SubscriptionDao.class).find(m.roomId(), caller.id()).isEmpty()) {
                throw new RcException(403, "error-not-allowed", "You are not a member of this room");
            }
            if (m.starredBy().contains(caller.id()) != star) {
                dao.updateStars(m.withStar(caller.id(), star, m.updatedAt()));
            }
            return null;
        });
    }

    /** The room's messages the caller starred, newest first. */
    public MessagePage starred(User caller, Room room, int count, int offset) {
        rooms.requireReadAccess(room, caller);
        return jdbi.withHandle(h -> new MessagePage(changes.dao(h).starred(room.id(), caller.id(), count, offset),
                changes.dao(h).countStarred(room.id(), caller.id())));
    }
}
