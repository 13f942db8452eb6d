package dev.fedchat.server.room;

import dev.fedchat.server.Ids;
import dev.fedchat.server.db.Like;
import dev.fedchat.server.db.UniqueViolation;
import dev.fedchat.server.error.RcException;
import dev.fedchat.server.events.ChatEvent;
import dev.fedchat.server.events.ChatEvent.Action;
import dev.fedchat.server.events.LocalEvents;
import dev.fedchat.server.user.User;
import dev.fedchat.server.user.UserDao;
import dev.fedchat.server.user.UserService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rooms and who is in them: create channels, groups and direct messages; invite, kick, leave,
 * mute, delete. Every change is one transaction, which records its events (the federation outbox
 * commits with it); they are published after the commit.
 *
 * <p>Rights, Rocket.Chat's defaults: owners (the creator, and whom an owner names), moderators and
 * admins invite, kick and mute; owners and admins delete; any member may leave; anyone may join a
 * public channel. Settings and roles are {@link RoomSettingsService}'s. Thread-safe.
 *
 * <p><b>Federation.</b> Members are named by username; a user of another server by their
 * qualified name ({@code bob@beta.test}), which the {@link UserLookup} imports on first use. A
 * room's {@code federation} (its origin and the domains of its members, {@link RoomDomains}) is kept
 * in the same transaction as the membership change that alters it, and the change is refused with
 * a clear error when it breaks a federation rule (a public channel, too many domains, a new server
 * brought in anywhere but at the room's origin). What peers sent is applied by {@link RoomReplicas}.
 */
public final class RoomService {
    private static final Logger log = LoggerFactory.getLogger(RoomService.class);
    /** Rocket.Chat's default {@code UTF8_Channel_Names_Validation}. */
    static final Pattern ROOM_NAME = Pattern.compile("[0-9a-zA-Z-_.]{1,64}");
    private static final String OWNER = MemberRoles.OWNER;
    /** The most members an open channel takes (issue 13 §2: limits with clear errors). */
    static final int MAX_OPEN_CHANNEL_MEMBERS = 1000;

    private final Jdbi jdbi;
    private final Clock clock;
    private final Ids ids;
    private final UserService users;
    private final UserLookup lookup;
    private final RoomDomains domains;
    private final LocalEvents events;
    private final RoomChanges changes;
    private final RoomReplicas replicas;
    private final RemoteChannels remoteChannels;
    private final RoomSettingsService settings;

    public RoomService(Jdbi jdbi, Clock clock, Ids ids, UserService users, UserLookup lookup, RoomDomains domains,
                       LocalEvents events) {
        this(jdbi, clock, ids, users, lookup, domains, events, RemoteChannels.NONE);
    }

    public RoomService(Jdbi jdbi, Clock clock, Ids ids, UserService users, UserLookup lookup, RoomDomains domains,
                       LocalEvents events, RemoteChannels remoteChannels) {
        this.remoteChannels = remoteChannels;
        this.jdbi = jdbi;
        this.clock = clock;
        this.ids = ids;
        this.users = users;
        this.lookup = lookup;
        this.domains = domains;
        this.events = events;
        this.changes = new RoomChanges(jdbi, clock, ids, domains, events);
        RoomStateChanges stateChanges = new RoomStateChanges();
        this.replicas = new RoomReplicas(jdbi, clock, domains, events, changes, stateChanges);
        this.settings = new RoomSettingsService(jdbi, clock, domains, events, stateChanges);
    }

    /** Where a room's settings and roles are changed, by local users (peers' changes: {@link #replicas()}). */
    public RoomSettingsService settings() {
        return settings;
    }

    /** Where peers' room events are applied, sharing this service's writes. */
    public RoomReplicas replicas() {
        return replicas;
    }

    /**
     * {@code channels.create} and {@code groups.create}: the caller becomes owner. A group with
     * members of other servers is federated from the start; a public channel cannot have any.
     */
    public Room create(User caller, String type, String name, List<String> memberUsernames, boolean readOnly,
                       boolean excludeSelf) {
        if (name == null || !ROOM_NAME.matcher(name).matches()) {
            throw RcException.invalid("error-invalid-room-name", name + " is not a valid room name");
        }
        List<String> names = cleanNames(memberUsernames);
        domains.checkNames(type, null, List.of(), names);
        Map<String, User> everyone = new LinkedHashMap<>();
        if (!excludeSelf) {
            everyone.put(caller.id(), caller);
        }
        resolveUsers(names).forEach(u -> everyone.putIfAbsent(u.id(), u));
        RoomFederation federation = domains.afterAdding(type, null, List.of(),
                everyone.values().stream().map(domains::of).toList());
        long now = clock.millis();
        Room room = new Room(ids.next(), type, name, name.toLowerCase(Locale.ROOT), caller.id(), caller.username(),
                readOnly, null, null, null, 0, null, null, now, now, federation);
        List<ChatEvent> after = new ArrayList<>();
        try {
            jdbi.useTransaction(h -> {
                RoomDao rooms = h.attach(RoomDao.class);
                if (rooms.byNameKey(room.nameKey()).isPresent()) {
                    throw duplicateName(name);
                }
                rooms.insert(room);
                for (User member : everyone.values()) {
                    changes.subscribe(h, room, member, member.id().equals(caller.id()) ? OWNER : "", after);
                }
                after.add(new ChatEvent.RoomCreated(room, List.copyOf(everyone.values()), caller));
                events.record(h, after);
            });
        } catch (RuntimeException e) {
            throw UniqueViolation.causedBy(e) ? duplicateName(name) : e; // lost a race for the same name
        }
        log.info("{} created {} '{}' ({}){}", caller.username(), room.isPublic() ? "channel" : "group", name, room.id(),
                federation == null ? "" : " spanning " + federation.domains());
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
        // the room's federation is set when its genesis is sent; the domain limit holds for DMs as well
        domains.checkNames(Room.DIRECT, null, List.of(domains.own()), cleanNames(usernames));
        List<User> others = resolveUsers(cleanNames(usernames));
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
        Room room = new Room(id, Room.DIRECT, null, null, caller.id(), caller.username(), false, null, null, null, 0,
                null, null, now, now, null);
        List<ChatEvent> after = new ArrayList<>();
        try {
            jdbi.useTransaction(h -> {
                h.attach(RoomDao.class).insert(room);
                changes.subscribeAll(h, room, everyone.values(), "", after);
                after.add(new ChatEvent.DirectOpened(room, List.copyOf(everyone.values()), caller));
                events.record(h, after);
            });
        } catch (RuntimeException e) {
            if (!UniqueViolation.causedBy(e)) {
                throw e;
            }
            return requireRoom(id); // a concurrent request opened the same conversation first
        }
        events.publishAll(after);
        // as stored: a DM with another server's user got its federation in the same transaction
        return requireRoom(id);
    }

    /**
     * Adds users (channels.invite, groups.invite): {@code invitees} already known, {@code usernames}
     * looked up, users of other servers imported. Members already in the room are left as they are.
     */
    public Room invite(User caller, Room room, List<User> invitees, List<String> usernames) {
        return invite(caller, room, invitees, usernames, false);
    }

    /** {@code selfJoin}: the caller adds themself (an open channel's user of another server), no moderator needed. */
    private Room invite(User caller, Room room, List<User> invitees, List<String> usernames, boolean selfJoin) {
        if (!selfJoin) {
            requireModerator(caller, room);
        }
        if (room.isDirect()) {
            throw RcException.notAllowed("Users cannot be added to a direct message");
        }
        List<String> names = cleanNames(usernames);
        boolean open = isOpenToFederation(room);
        if (!names.isEmpty()) {
            domains.checkNames(room.type(), open, room.federation(), changes.memberDomains(members(room)), names);
            if (open) {
                requireTakesPublicChannels(names.stream().map(domains::domainOfName).toList());
            }
        }
        Map<String, User> wanted = new LinkedHashMap<>();
        invitees.forEach(u -> wanted.putIfAbsent(u.id(), u));
        resolveUsers(names).forEach(u -> wanted.putIfAbsent(u.id(), u));
        List<ChatEvent> after = new ArrayList<>();
        jdbi.useTransaction(h -> {
            Room current = h.attach(RoomDao.class).lock(room.id()).orElseThrow(RoomService::invalidRoom);
            SubscriptionDao subs = h.attach(SubscriptionDao.class);
            List<User> added = wanted.values().stream().filter(u -> subs.find(room.id(), u.id()).isEmpty()).toList();
            if (added.isEmpty()) {
                return;
            }
            RoomFederation federation = domains.afterAdding(current.type(), open, current.federation(),
                    changes.memberDomains(subs.members(room.id())), added.stream().map(domains::of).toList());
            Room updated = changes.updateFederation(h, current, federation);
            for (User u : added) {
                changes.subscribe(h, updated, u, "", after);
            }
            h.attach(RoomDao.class).touch(room.id(), clock.millis());
            List<User> members = federation == null ? List.of() : memberUsers(h, subs.members(room.id()));
            after.add(new ChatEvent.MembersAdded(updated, current.federation(), added, members, caller));
            events.record(h, after);
        });
        events.publishAll(after);
        return requireRoom(room.id());
    }

    /**
     * A user joins a public channel by themself. A channel of another server (our copy of it) is
     * joined at its origin, which adds them and tells every server of the room.
     */
    public Room join(User caller, Room room) {
        if (!room.isPublic()) {
            throw RcException.notAllowed("Only public channels can be joined; ask an owner to invite you");
        }
        if (room.federation() != null && !domains.own().equals(room.federationOrigin())) {
            if (caller.isRemote()) {
                throw RcException.notAllowed("A user of another server joins at the channel's origin");
            }
            return remoteChannels.askToJoin(caller, room.federationOrigin(), room.id());
        }
        changes.subscribeOnce(room, caller);
        return room;
    }

    /**
     * {@code channels.join}: a channel here by id or name, or one of another server: named
     * {@code general@beta.example}, or by the id a directory search of that server listed.
     */
    public Room joinChannel(User caller, String roomId, String roomName) {
        Optional<Room> here = find(roomId, roomName).filter(Room::isPublic);
        if (here.isPresent()) {
            return join(caller, here.get());
        }
        if (roomName != null && roomName.contains("@")) {
            String bare = roomName.startsWith("#") ? roomName.substring(1) : roomName;
            String domain = bare.substring(bare.lastIndexOf('@') + 1);
            if (!domain.equals(domains.own()) && !domain.isBlank()) {
                return remoteChannels.askToJoin(caller, domain, bare.substring(0, bare.lastIndexOf('@')));
            }
        }
        if (roomId != null) {
            Optional<String> origin = remoteChannels.listedOrigin(roomId);
            if (origin.isPresent()) {
                return remoteChannels.askToJoin(caller, origin.get(), roomId);
            }
        }
        throw RcException.invalid("error-room-not-found", "The required \"roomId\" or \"roomName\" param provided does"
                + " not match any channel");
    }

    /** Whether one of our users asked {@code origin} lately to join its channel {@code roomId} (see {@link RemoteChannels#joinAsked}). */
    public boolean joinAsked(String roomId, String origin) {
        return remoteChannels.joinAsked(roomId, origin);
    }

    /** Whether the room is a copy here of another server's room, whose state that server decides. */
    public boolean heldElsewhere(Room room) {
        return room.federation() != null && !domains.own().equals(room.federationOrigin());
    }

    /** Whether our public channel is open to users of other servers. */
    public boolean isOpenToFederation(Room room) {
        return room.isPublic() && jdbi.withExtension(OpenChannelDao.class, d -> d.isOpen(room.id()));
    }

    /**
     * An owner (or admin) opens one of our public channels to other fedchat servers, or closes it:
     * closed, no new server joins; who joined stays. Repeating it changes nothing.
     */
    public void setOpenToFederation(User caller, Room room, boolean open) {
        if (!room.isPublic()) {
            throw RcException.invalid("error-invalid-room-type", "Only public channels can be opened to federation;"
                    + " a private group takes users of other servers by invitation");
        }
        if (room.federation() != null && !domains.own().equals(room.federationOrigin())) {
            throw RcException.invalid("error-federation-not-origin", "This channel belongs to " + room.federationOrigin()
                    + "; only its own server opens or closes it");
        }
        requireModerator(caller, room);
        jdbi.useTransaction(h -> {
            OpenChannelDao dao = h.attach(OpenChannelDao.class);
            boolean now = dao.isOpen(room.id());
            if (open && !now) {
                dao.insert(room.id(), caller.id(), clock.millis());
            } else if (!open && now) {
                dao.delete(room.id());
            }
        });
        log.info("{} {} channel {} ({}) to federation", caller.username(), open ? "opened" : "closed", room.name(), room.id());
    }

    /** Our open channels whose name contains {@code text}, for other servers' directories. */
    public List<Room> openChannels(String text, int limit) {
        return jdbi.withExtension(OpenChannelDao.class, d -> d.search(Like.contains(text), limit));
    }

    /**
     * A user of another server joins our open channel, asked by their server (proven by the
     * caller): subscribed, the room federated with their server, and every server told — the new
     * one with the room's genesis. Refused when the channel is not ours, not open, or full.
     */
    public Room admitFromPeer(String roomRef, User remote) {
        Room room = requireOpenChannel(roomRef);
        return invite(remote, room, List.of(remote), List.of(), true);
    }

    /**
     * Our open channel {@code roomRef} (id or name) with room for one more member; refused
     * otherwise, in words. Checked before a peer's user is imported, so a refused join writes nothing.
     */
    public Room requireOpenChannel(String roomRef) {
        Room room = byId(roomRef).or(() -> byName(roomRef)).filter(Room::isPublic)
                .filter(r -> r.federation() == null || domains.own().equals(r.federationOrigin()))
                .orElseThrow(() -> RcException.invalid("error-room-not-found", "There is no public channel " + roomRef
                        + " here"));
        if (!isOpenToFederation(room)) {
            throw RcException.invalid("error-federation-channel-closed", "Channel " + room.name() + " is not open to"
                    + " users of other servers");
        }
        if (members(room).size() >= MAX_OPEN_CHANNEL_MEMBERS) {
            throw RcException.invalid("error-federation-members-limit", "Channel " + room.name() + " has "
                    + MAX_OPEN_CHANNEL_MEMBERS + " members, as many as an open channel takes");
        }
        return room;
    }

    private void requireTakesPublicChannels(List<String> named) {
        for (String domain : named) {
            if (!domain.equals(domains.own()) && !remoteChannels.takesPublicChannels(domain)) {
                throw RcException.invalid("error-federation-public-channel", domain + " has not shown it is a fedchat"
                        + " server, and public channels span fedchat servers only (Rocket.Chat's federation had none);"
                        + " invite its users to a private group instead");
            }
        }
    }

    /** Removes a member; in a federated room a user of another server only at the room's origin. */
    public void kick(User caller, Room room, User target) {
        requireModerator(caller, room);
        domains.requireMayModerate(room, target, "remove");
        removeMember(room, target, caller, false);
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
        removeMember(room, caller, caller, true);
    }

    private void removeMember(Room room, User target, User by, boolean left) {
        List<ChatEvent> after = new ArrayList<>();
        jdbi.useTransaction(h -> {
            Room current = h.attach(RoomDao.class).lock(room.id()).orElseThrow(RoomService::invalidRoom);
            SubscriptionDao subs = h.attach(SubscriptionDao.class);
            Membership m = subs.find(room.id(), target.id()).orElseThrow(
                    () -> RcException.invalid("error-user-not-in-room", "User is not in this room"));
            changes.unsubscribe(h, current, m, after);
            RoomFederation federation = domains.afterRemoving(current.federation(), changes.memberDomains(subs.members(room.id())));
            changes.updateFederation(h, current, federation);
            h.attach(RoomDao.class).touch(room.id(), clock.millis());
            after.add(new ChatEvent.MemberRemoved(current, federation, target, by, left));
            events.record(h, after);
        });
        log.info("{} removed from room {} ({})", target.username(), room.id(), left ? "left" : "kicked by " + by.username());
        events.publishAll(after);
    }

    /**
     * Deletes the room with its messages, files rows and subscriptions. In a federated room of
     * another server this deletes the copy here; its origin keeps the room (federation-security.md).
     */
    public void delete(User caller, Room room) {
        requireOwner(caller, room);
        List<Membership> members = members(room);
        if (!changes.deleteRoom(room, new ChatEvent.RoomDeleted(room, members, caller), null)) {
            throw invalidRoom(); // deleted meanwhile
        }
        log.info("{} deleted room {} ({})", caller.username(), room.name(), room.id());
    }

    /** In a federated room, a user of another server is muted at the room's origin only. */
    public void setMuted(User caller, Room room, User target, boolean muted) {
        requireModerator(caller, room);
        domains.requireMayModerate(room, target, muted ? "mute" : "unmute");
        List<ChatEvent> after = new ArrayList<>();
        jdbi.useTransaction(h -> {
            SubscriptionDao subs = h.attach(SubscriptionDao.class);
            if (subs.setMuted(room.id(), target.id(), muted, clock.millis()) == 0) {
                throw RcException.invalid("error-user-not-in-room", target.username() + " is not in this room");
            }
            after.add(new ChatEvent.SubscriptionChanged(target.id(), Action.UPDATED,
                    changes.withDisplayName(h, subs.find(room.id(), target.id()).orElseThrow())));
            after.add(new ChatEvent.MuteChanged(room, target, muted, caller));
            events.record(h, after);
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
                    changes.withDisplayName(h, subs.find(room.id(), caller.id()).orElseThrow())));
            events.record(h, after);
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

    /** The subscriptions of {@code userIds} to the room (those who have one), in no particular order. */
    public List<Membership> memberships(String roomId, java.util.Collection<String> userIds) {
        if (userIds.isEmpty()) {
            return List.of();
        }
        return jdbi.withHandle(h -> h.attach(SubscriptionDao.class).findAll(roomId, userIds).stream()
                .map(m -> changes.withDisplayName(h, m)).toList());
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
                .map(m -> changes.withDisplayName(h, m)).toList());
    }

    public List<Membership> membershipsOfType(User user, String type) {
        return jdbi.withHandle(h -> h.attach(SubscriptionDao.class).ofUserByType(user.id(), type).stream()
                .map(m -> changes.withDisplayName(h, m)).toList());
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
        return RoomChanges.directName(names, viewerUsername);
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static List<User> memberUsers(Handle h, List<Membership> members) {
        if (members.isEmpty()) {
            return List.of();
        }
        return h.attach(UserDao.class).byUsernameKeys(members.stream().map(m -> User.key(m.username())).toList());
    }

    private static List<String> cleanNames(List<String> usernames) {
        return usernames == null ? List.of()
                : usernames.stream().filter(Objects::nonNull).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
    }

    /** Rocket.Chat's {@code add-user-to-joined-room}, {@code remove-user}, {@code mute-user}: owners, moderators, admins. */
    private void requireModerator(User caller, Room room) {
        if (caller.isAdmin()) {
            return;
        }
        Membership m = requireMember(room, caller);
        if (!m.isOwner() && !m.isModerator()) {
            throw RcException.forbidden();
        }
    }

    /** Rocket.Chat's {@code delete-c}, {@code delete-p}: owners and admins. */
    private void requireOwner(User caller, Room room) {
        if (caller.isAdmin()) {
            return;
        }
        if (!requireMember(room, caller).isOwner()) {
            throw RcException.forbidden();
        }
    }

    private List<User> resolveUsers(List<String> usernames) {
        List<String> missing = new ArrayList<>();
        List<User> found = new ArrayList<>();
        for (String name : cleanNames(usernames)) {
            lookup.byUsername(name).ifPresentOrElse(found::add, () -> missing.add(name));
        }
        if (!missing.isEmpty()) {
            throw RcException.invalid("error-invalid-user", "Invalid user: no user named "
                    + missing.stream().collect(Collectors.joining(", ")));
        }
        return found;
    }

    static RcException duplicateName(String name) {
        return RcException.invalid("error-duplicate-channel-name", "A channel with name '" + name + "' exists");
    }

    /** Rocket.Chat's answer for a room id that names no room (or none the caller may see). */
    public static RcException invalidRoom() {
        return RcException.invalid("error-invalid-room", "Invalid room");
    }

    private static RcException notMember(Room room) {
        return new RcException(403, "error-not-allowed", "You are not a member of this room");
    }
}
