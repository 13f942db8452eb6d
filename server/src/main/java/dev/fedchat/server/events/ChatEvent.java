package dev.fedchat.server.events;

import dev.fedchat.server.message.Message;
import dev.fedchat.server.room.Membership;
import dev.fedchat.server.room.Room;
import dev.fedchat.server.room.RoomFederation;
import dev.fedchat.server.room.RoomState;
import dev.fedchat.server.user.User;
import java.util.List;

/**
 * Something that changed in the chat core, published after its transaction committed. The
 * realtime API turns these into DDP frames; federation turns the changes local users made in
 * federated rooms into outgoing events.
 *
 * <p>The room facts ({@link RoomCreated}, {@link MembersAdded}, {@link MemberRemoved},
 * {@link MuteChanged}, {@link RoomDeleted}) are published for what happened here only; a change a
 * peer sent is applied through {@code RoomService}'s replica methods, which publish only the
 * {@link SubscriptionChanged} and {@link RoomChanged} that clients need, so nothing is echoed back.
 */
public sealed interface ChatEvent {

    /**
     * A message was created, edited, reacted to, or the thread it starts changed ({@code THREAD}: a
     * reply came or went, someone (un)followed it; never federated, each server counts its own) or
     * it was pinned or unpinned ({@code PINNED}).
     * {@code memberIds}: who is subscribed to the room.
     */
    record MessageSaved(Message message, Room room, List<String> memberIds, Change change) implements ChatEvent {}

    /**
     * A message was deleted by {@code by} (for a deletion a peer sent: the author, as a remote user).
     * {@code authorUsername}: who wrote it, qualified when they are a user of another server.
     */
    record MessageDeleted(String roomId, String messageId, List<String> memberIds, Room room, User by,
                          String authorUsername) implements ChatEvent {}

    /** {@code by} added or removed a reaction ({@code :emoji:}). */
    record ReactionChanged(Room room, Message message, User by, String reaction, boolean added) implements ChatEvent {}

    /** A direct conversation was opened for the first time; {@code members} includes its opener. */
    record DirectOpened(Room room, List<User> members, User by) implements ChatEvent {}

    /**
     * A channel or group was created; {@code members} are everyone subscribed (the creator unless
     * excluded). {@code room.federation()} is set when a member belongs to another server.
     */
    record RoomCreated(Room room, List<User> members, User by) implements ChatEvent {}

    /**
     * {@code by} added {@code added} to {@code room}. {@code room} is as it is now, its federation
     * included; {@code before} is its federation before (null: the room was local until now), so a
     * listener can tell which servers just joined. {@code members}: everyone in the room now,
     * filled only for a federated room.
     */
    record MembersAdded(Room room, RoomFederation before, List<User> added, List<User> members, User by)
            implements ChatEvent {}

    /**
     * {@code user} left {@code room} ({@code left}) or {@code by} removed them. {@code room} is as it was
     * before, so its federation lists the servers to tell; {@code after} is its federation now.
     */
    record MemberRemoved(Room room, RoomFederation after, User user, User by, boolean left) implements ChatEvent {}

    /** {@code by} muted or unmuted {@code user} in {@code room}. */
    record MuteChanged(Room room, User user, boolean muted, User by) implements ChatEvent {}

    /**
     * {@code by} deleted {@code room} with its messages and subscriptions; {@code members} were
     * subscribed to it, remote members included.
     */
    record RoomDeleted(Room room, List<Membership> members, User by) implements ChatEvent {}

    /**
     * {@code room}'s settings or roles changed from {@code before} to {@code after} ({@code room} is
     * as it is now), by {@code by} (a remote user when a peer told us; null when they are unknown
     * here). Unlike the other room facts it is published for a peer's change too: each server writes
     * its own system messages for what changed on it, and only the room's origin sends it on, as
     * {@code version} (its clock when the change was made).
     */
    record RoomStateChanged(Room room, RoomState before, RoomState after, User by, long version) implements ChatEvent {}

    /**
     * The pinned messages of {@code room} changed here, at its origin: {@code pinned} is every pin
     * it holds now, latest first, which federation sends to its fedchat peers as the room's state.
     */
    record PinsChanged(Room room, List<Message> pinned) implements ChatEvent {}

    /** A user's subscription was inserted, updated or removed. */
    record SubscriptionChanged(String userId, Action action, Membership membership) implements ChatEvent {}

    /** A room in a user's list was inserted, updated or removed. */
    record RoomChanged(String userId, Action action, Room room) implements ChatEvent {}

    /** A message that should notify {@code userId} (a direct message, or a mention). */
    record Notification(String userId, Message message, Room room, String roomName) implements ChatEvent {}

    /** A login token was revoked (logout); live connections that logged in with it must end. */
    record LoggedOut(String userId, String revokedToken) implements ChatEvent {}

    /**
     * Every login token of {@code userId} but {@code keptToken} (null: all of them) was revoked: the
     * user was deactivated or deleted, or changed their password; their other connections must end.
     */
    record SessionsRevoked(String userId, String keptToken) implements ChatEvent {}

    /** {@code user}'s picture changed (set, reset, or fetched from their home server); {@code user} as it is now. */
    record AvatarChanged(User user) implements ChatEvent {}

    enum Change { POSTED, EDITED, REACTED, THREAD, PINNED }

    enum Action {
        INSERTED("inserted"), UPDATED("updated"), REMOVED("removed");

        private final String wire;

        Action(String wire) {
            this.wire = wire;
        }

        /** The word Rocket.Chat's streams use. */
        public String wire() {
            return wire;
        }
    }
}
