package dev.fedchat.server.room;

import dev.fedchat.server.Ids;
import dev.fedchat.server.db.Like;
import dev.fedchat.server.db.UniqueViolation;
import dev.fedchat.server.error.RcException;
import dev.fedchat.server.events.ChatEvent;
import dev.fedchat.server.events.ChatEvent.Action;
import dev.fedchat.server.events.LocalEvents;
import dev.fedchat.server.user.User;
import dev.fedchat.server.user.UserService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rooms and who is in them: create channels, groups and direct messages; invite, kick, leave,
 * mute, delete. Every change is one transaction; its events are published after commit.
 *
 * <p>Rights: the room's owners (the creator) and admins moderate (invite, kick, mute, delete);
 * any member may leave; anyone may join a public channel. Thread-safe.
 */
public final class RoomService {
    private static final Logger log = LoggerFactory.getLogger(RoomService.class);
    /** Rocket.Chat's default {@code UTF8_Channel_Names_Validation}. */
    private static final Pattern ROOM_NAME = Pattern.compile("[0-9a-zA-Z-_.]{1,64}");
    private static final String OWNER = "owner";

    private final Jdbi jdbi;
    private final Clock clock;
    private final Ids ids;
    private final UserService users;
    private final UserLookup lookup;
    private final LocalEvents events;

    public RoomService(Jdbi jdbi, Clock clock, Ids ids, UserService users, UserLookup lookup, LocalEvents events) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.ids = ids;
        this.users = users;
        this.lookup = lookup;
        this.events = events;
    }

    /** {@code channels.create} and {@code groups.create}: the caller becomes owner. */
    public Room create(User caller, String type, String name, List<String> memberUsernames, boolean readOnly,
                       boolean excludeSelf) {
        if (name == null || !ROOM_NAME.matcher(name).matches()) {
            throw RcException.invalid("error-invalid-room-name", name + " is not a valid room name");
        }
        List<User> members = resolveUsers(memberUsernames);
        long now = clock.millis();
        Room room = new Room(ids.next(), type, name, name.toLowerCase(Locale.ROOT), caller.id(), caller.username(),
                readOnly, null, 0, null, null, now, now, null);
        List<ChatEvent> after = new ArrayList<>();
        try {
            jdbi.useTransaction(h -> {
                RoomDao rooms = h.attach(RoomDao.class);
                if (rooms.byNameKey(room.nameKey()).isPresent()) {
                    throw duplicateName(name);
                }
                rooms.insert(room);
                if (!excludeSelf) {
                    subscribe(h, room, caller, OWNER, after);
                }
                for (User member : members) {
                    if (!member.id().equals(caller.id())) {
                        subscribe(h, room, member, "", after);
                    }
                }
            });
        } catch (RuntimeException e) {
            throw UniqueViolation.causedBy(e) ? duplicateName(name) : e; // lost a race for the same name
        }
        log.info("{} created {} '{}' ({})", caller.username(), room.isPublic() ? "channel" : "group", name, room.id());
        events.publishAll(after);
        return room;
    }

    /**
     * Opens (or returns the existing) direct message between the caller and {@code usernames}.
     * Two people share one room whose id is their ids sorted and joined; a DM with oneself has the
     * caller's id; three or more people get a fresh id once, and the same people get that room
     * again, as Rocket.Chat's {@code createDirectRoom} finds it by its members.
     */
    public Room openDirect(User caller, List<String> usernames, boolean excludeSelf) {
        if (usernames.isEmpty()) {
            throw RcException.invalidParams("Body param \"username\" or \"usernames\" is required");
        }
        List<User> others = resolveUsers(usernames);
        Map<String, User> everyone = new LinkedHashMap<>();
        if (!excludeSelf) {
            everyone.put(caller.id(), caller);
        }
        others.forEach(u -> everyone.put(u.id(), u));
        List<String> sortedIds = everyone.keySet().stream().sorted().toList();
        boolean pair = sortedIds.size() <= 2;
        Optional<Room> existing = pair ? byId(String.join("", sortedIds))
                : jdbi.withExtension(RoomDao.class, d -> d.directWithMembers(sortedIds, sortedIds.get(0), sortedIds.size()));
        if (existing.isPresent()) {
            return existing.get();
        }
        String id = pair ? String.join("", sortedIds) : ids.next();
        long now = clock.millis();
        Room room = new Room(id, Room.DIRECT, null, null, caller.id(), caller.username(), false, null, 0, null, null,
                now, now, null);
        List<ChatEvent> after = new ArrayList<>();
        try {
            jdbi.useTransaction(h -> {
                h.attach(RoomDao.class).insert(room);
                for (User u : everyone.values()) {
                    subscribe(h, room, u, "", after);
                }
            });
        } catch (RuntimeException e) {
            if (!UniqueViolation.causedBy(e)) {
                throw e;
            }
            return requireRoom(id); // a concurrent request opened the same conversation first
        }
        after.add(new ChatEvent.DirectOpened(room, List.copyOf(everyone.values()), caller));
        events.publishAll(after);
        return room;
    }

    /**
     * A room as a peer's genesis event describes it (federation-protocol.md §7.7): inserted with
     * the origin's id, or, when it exists here already, given the federation the event carries.
     * No permission checks: the caller proved the sender and checked the event against the room.
     */
    public Room replicate(Room room) {
        try {
            return jdbi.inTransaction(h -> {
                RoomDao dao = h.attach(RoomDao.class);
                Optional<Room> existing = dao.lock(room.id());
                if (existing.isPresent()) {
                    Room updated = existing.get().withFederation(room.federation());
                    dao.setFederation(updated);
                    return updated;
                }
                dao.insert(room);
                return room;
            });
        } catch (RuntimeException e) {
            if (!UniqueViolation.causedBy(e)) {
                throw e;
            }
            return requireRoom(room.id()); // the same genesis, received twice at once
        }
    }

    /** A member a peer added ({@code room_add_user}); nothing happens when they are one already. */
    public void addReplicaMember(Room room, User user) {
        List<ChatEvent> after = new ArrayList<>();
        jdbi.useTransaction(h -> {
            h.attach(RoomDao.class).lock(room.id()).orElseThrow(RoomService::invalidRoom);
            if (h.attach(SubscriptionDao.class).find(room.id(), user.id()).isEmpty()) {
                subscribe(h, room, user, "", after);
            }
        });
        events.publishAll(after);
    }

    /** Records who takes part in a federated room (the origin's own choice, or a peer's event). */
    public Room setFederation(Room room, RoomFederation federation) {
        Room updated = room.withFederation(federation);
        jdbi.useExtension(RoomDao.class, d -> d.setFederation(updated));
        return updated;
    }

    /** Adds users (channels.invite, groups.invite). Members already in the room are left as they are. */
    public Room invite(User caller, Room room, List<User> invitees) {
        requireModerator(caller, room);
        if (room.isDirect()) {
            throw RcException.notAllowed("Users cannot be added to a direct message");
        }
        List<ChatEvent> after = new ArrayList<>();
        jdbi.useTransaction(h -> {
            h.attach(RoomDao.class).lock(room.id()).orElseThrow(RoomService::invalidRoom);
            SubscriptionDao subs = h.attach(SubscriptionDao.class);
            for (User u : invitees) {
                if (subs.find(room.id(), u.id()).isEmpty()) {
                    subscribe(h, room, u, "", after);
                }
            }
            h.attach(RoomDao.class).touch(room.id(), clock.millis());
        });
        events.publishAll(after);
        return requireRoom(room.id());
    }

    /** A user joins a public channel by themself. */
    public Room join(User caller, Room room) {
        if (!room.isPublic()) {
            throw RcException.notAllowed("Only public channels can be joined; ask an owner to invite you");
        }
        List<ChatEvent> after = new ArrayList<>();
        jdbi.useTransaction(h -> {
            h.attach(RoomDao.class).lock(room.id()).orElseThrow(RoomService::invalidRoom);
            if (h.attach(SubscriptionDao.class).find(room.id(), caller.id()).isEmpty()) {
                subscribe(h, room, caller, "", after);
            }
        });
        events.publishAll(after);
        return room;
    }

    public void kick(User caller, Room room, User target) {
        requireModerator(caller, room);
        removeMember(room, target, "kicked by " + caller.username());
    }

    /** Leaves a room; the last owner of a room with other members must hand ownership on first. */
    public void leave(User caller, Room room) {
        Membership own = requireMember(room, caller);
        if (room.isDirect()) {
            throw RcException.notAllowed("You cannot leave a direct message");
        }
        if (own.isOwner()) {
            List<Membership> members = members(room);
            boolean otherOwner = members.stream().anyMatch(m -> m.isOwner() && !m.userId().equals(caller.id()));
            if (!otherOwner && members.size() > 1) {
                throw RcException.invalid("error-you-are-last-owner",
                        "You are the last owner. Please set new owner before leaving the room.");
            }
        }
        removeMember(room, caller, "left");
    }

    private void removeMember(Room room, User target, String why) {
        List<ChatEvent> after = new ArrayList<>();
        jdbi.useTransaction(h -> {
            h.attach(RoomDao.class).lock(room.id()).orElseThrow(RoomService::invalidRoom);
            SubscriptionDao subs = h.attach(SubscriptionDao.class);
            Membership m = subs.find(room.id(), target.id()).orElseThrow(
                    () -> RcException.invalid("error-user-not-in-room", "User is not in this room"));
            subs.delete(room.id(), target.id());
            h.attach(RemovalDao.class).insert(new Removal(m.id(), room.id(), target.id(), clock.millis()));
            h.attach(RoomDao.class).touch(room.id(), clock.millis());
            after.add(new ChatEvent.SubscriptionChanged(target.id(), Action.REMOVED, m));
            after.add(new ChatEvent.RoomChanged(target.id(), Action.REMOVED, room));
        });
        log.info("{} removed from room {} ({})", target.username(), room.id(), why);
        events.publishAll(after);
    }

    /** Deletes the room with its messages, files rows and subscriptions. */
    public void delete(User caller, Room room) {
        requireModerator(caller, room);
        List<Membership> members = members(room);
        jdbi.useTransaction(h -> {
            h.attach(RoomDao.class).lock(room.id()).orElseThrow(RoomService::invalidRoom);
            RemovalDao removals = h.attach(RemovalDao.class);
            long now = clock.millis();
            members.forEach(m -> removals.insert(new Removal(m.id(), room.id(), m.userId(), now)));
            h.attach(RoomDao.class).delete(room.id());
        });
        log.info("{} deleted room {} ({})", caller.username(), room.name(), room.id());
        for (Membership m : members) {
            events.publish(new ChatEvent.SubscriptionChanged(m.userId(), Action.REMOVED, m));
            events.publish(new ChatEvent.RoomChanged(m.userId(), Action.REMOVED, room));
        }
    }

    public void setMuted(User caller, Room room, User target, boolean muted) {
        requireModerator(caller, room);
        List<ChatEvent> after = new ArrayList<>();
        jdbi.useTransaction(h -> {
            SubscriptionDao subs = h.attach(SubscriptionDao.class);
            if (subs.setMuted(room.id(), target.id(), muted, clock.millis()) == 0) {
                throw RcException.invalid("error-user-not-in-room", target.username() + " is not in this room");
            }
            after.add(new ChatEvent.SubscriptionChanged(target.id(), Action.UPDATED,
                    withDisplayName(h, subs.find(room.id(), target.id()).orElseThrow())));
        });
        log.info("{} {} {} in room {}", caller.username(), muted ? "muted" : "unmuted", target.username(), room.id());
        events.publishAll(after);
    }

    /** Clears unread counters (the client opened the room). */
    public void markRead(User caller, Room room) {
        List<ChatEvent> after = new ArrayList<>();
        jdbi.useTransaction(h -> {
            SubscriptionDao subs = h.attach(SubscriptionDao.class);
            if (subs.markRead(room.id(), caller.id(), clock.millis()) == 0) {
                throw notMember(room);
            }
            after.add(new ChatEvent.SubscriptionChanged(caller.id(), Action.UPDATED,
                    withDisplayName(h, subs.find(room.id(), caller.id()).orElseThrow())));
        });
        events.publishAll(after);
    }

    // ---- reads ------------------------------------------------------------------------------

    public Optional<Room> byId(String id) {
        return id == null ? Optional.empty() : jdbi.withExtension(RoomDao.class, d -> d.byId(id));
    }

    public Optional<Room> byName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String bare = name.startsWith("#") ? name.substring(1) : name;
        return jdbi.withExtension(RoomDao.class, d -> d.byNameKey(bare.toLowerCase(Locale.ROOT)));
    }

    public Room requireRoom(String id) {
        return byId(id).orElseThrow(RoomService::invalidRoom);
    }

    /** A room from Rocket.Chat's "room selector": {@code roomId} or {@code roomName}. */
    public Room select(String roomId, String roomName) {
        return find(roomId, roomName).orElseThrow(RoomService::invalidRoom);
    }

    /** The room a room selector names, if it exists; a selector naming nothing is an error. */
    public Optional<Room> find(String roomId, String roomName) {
        if (roomId != null && !roomId.isBlank()) {
            return byId(roomId);
        }
        if (roomName != null && !roomName.isBlank()) {
            return byName(roomName);
        }
        throw RcException.invalid("error-room-param-not-provided", "The parameter \"roomId\" or \"roomName\" is required");
    }

    public Optional<Membership> membership(Room room, User user) {
        return jdbi.withExtension(SubscriptionDao.class, d -> d.find(room.id(), user.id()));
    }

    public Membership requireMember(Room room, User user) {
        return membership(room, user).orElseThrow(() -> notMember(room));
    }

    /** Reading: members always; anyone logged in for public channels. */
    public void requireReadAccess(Room room, User user) {
        if (!room.isPublic()) {
            requireMember(room, user);
        }
    }

    public boolean canRead(Room room, User user) {
        return room.isPublic() || membership(room, user).isPresent();
    }

    public List<Membership> members(Room room) {
        return jdbi.withExtension(SubscriptionDao.class, d -> d.members(room.id()));
    }

    public List<String> memberIds(String roomId) {
        return jdbi.withExtension(SubscriptionDao.class, d -> d.memberIds(roomId));
    }

    /** The user's subscriptions changed after {@code since} (epoch ms; 0 for all). */
    public List<Membership> memberships(User user, long since) {
        return jdbi.withHandle(h -> h.attach(SubscriptionDao.class).ofUser(user.id(), since).stream()
                .map(m -> withDisplayName(h, m)).toList());
    }

    public List<Membership> membershipsOfType(User user, String type) {
        return jdbi.withHandle(h -> h.attach(SubscriptionDao.class).ofUserByType(user.id(), type).stream()
                .map(m -> withDisplayName(h, m)).toList());
    }

    /** The user's subscriptions that ended after {@code since} (for the {@code remove} lists). */
    public List<Removal> removals(User user, long since) {
        return jdbi.withExtension(RemovalDao.class, d -> d.since(user.id(), since));
    }

    public List<Room> rooms(User user, long since) {
        return jdbi.withExtension(RoomDao.class, d -> d.ofUser(user.id(), since));
    }

    public List<Room> listByType(String type, int count, int offset) {
        return jdbi.withExtension(RoomDao.class, d -> d.byType(type, count, offset));
    }

    public long countByType(String type) {
        return jdbi.withExtension(RoomDao.class, d -> d.countByType(type));
    }

    /** Public channels and the user's own groups whose name contains {@code text} (spotlight). */
    public List<Room> searchVisible(User user, String text, int limit) {
        return jdbi.withExtension(RoomDao.class, d -> d.searchVisible(user.id(), Like.contains(text), limit));
    }

    public List<Room> searchChannels(String text, int count, int offset) {
        return jdbi.withExtension(RoomDao.class, d -> d.searchChannels(Like.contains(text), count, offset));
    }

    public long countSearchChannels(String text) {
        return jdbi.withExtension(RoomDao.class, d -> d.countSearchChannels(Like.contains(text)));
    }

    /** For a direct message, the other member's username as seen by {@code viewerUsername}. */
    public String displayName(Room room, String viewerUsername) {
        if (!room.isDirect()) {
            return room.name();
        }
        List<String> names = members(room).stream().map(Membership::username).toList();
        return directName(names, viewerUsername);
    }

    // ---- helpers ----------------------------------------------------------------------------

    private void subscribe(Handle h, Room room, User user, String roles, List<ChatEvent> after) {
        SubscriptionDao subs = h.attach(SubscriptionDao.class);
        subs.insert(ids.next(), room.id(), user.id(), roles, clock.millis());
        Membership m = withDisplayName(h, subs.find(room.id(), user.id()).orElseThrow());
        after.add(new ChatEvent.SubscriptionChanged(user.id(), Action.INSERTED, m));
        after.add(new ChatEvent.RoomChanged(user.id(), Action.INSERTED, room));
    }

    private Membership withDisplayName(Handle h, Membership m) {
        if (!Room.DIRECT.equals(m.roomType())) {
            return m;
        }
        List<String> names = h.attach(SubscriptionDao.class).members(m.roomId()).stream()
                .map(Membership::username).toList();
        return m.withRoomName(directName(names, m.username()));
    }

    private static String directName(List<String> usernames, String viewer) {
        List<String> others = usernames.stream().filter(n -> !n.equals(viewer)).toList();
        return others.isEmpty() ? viewer : String.join(", ", others);
    }

    private void requireModerator(User caller, Room room) {
        if (caller.isAdmin()) {
            return;
        }
        Membership m = requireMember(room, caller);
        if (!m.isOwner()) {
            throw RcException.forbidden();
        }
    }

    private List<User> resolveUsers(List<String> usernames) {
        if (usernames == null) {
            return List.of();
        }
        List<String> missing = new ArrayList<>();
        List<User> found = new ArrayList<>();
        for (String name : usernames.stream().map(String::trim).filter(s -> !s.isEmpty()).distinct().toList()) {
            lookup.byUsername(name).ifPresentOrElse(found::add, () -> missing.add(name));
        }
        if (!missing.isEmpty()) {
            throw RcException.invalid("error-invalid-user", "Invalid user: no user named "
                    + missing.stream().collect(Collectors.joining(", ")));
        }
        return found;
    }

    private static RcException duplicateName(String name) {
        return RcException.invalid("error-duplicate-channel-name", "A channel with name '" + name + "' exists");
    }

    static RcException invalidRoom() {
        return RcException.invalid("error-invalid-room", "Invalid room");
    }

    private static RcException notMember(Room room) {
        return new RcException(403, "error-not-allowed", "You are not a member of this room");
    }
}
