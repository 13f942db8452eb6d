package dev.fedchat.server.federation.events;

import static dev.fedchat.server.federation.events.EventFields.date;
import static dev.fedchat.server.federation.events.EventFields.refuse;
import static dev.fedchat.server.federation.events.EventFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.federation.users.RemoteUsers;
import dev.fedchat.server.room.Room;
import dev.fedchat.server.room.RoomFederation;
import dev.fedchat.server.room.RoomService;
import dev.fedchat.server.user.User;
import dev.fedchat.server.user.UserService;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Applies a peer's events about a room itself and who is in it (federation-protocol.md §7.2):
 * genesis, add, remove, leave, mute, unmute, delete. Called by {@link InboundEvents} for a proven
 * sender, once the envelope was checked; each handler is idempotent.
 *
 * <p>Trust, stricter than Rocket.Chat (issue 4 §2, {@code docs/federation-security.md}):
 * <ul>
 *   <li>every event but the genesis concerns a federated room we hold whose domains include the sender;</li>
 *   <li>a genesis comes from the origin it names, includes us, and never re-homes a room we hold;</li>
 *   <li>a room's domain list changes only by the domain of the user added or removed (an add never
 *       drops a domain, a removal drops at most the removed user's, never the origin's), so no
 *       peer can point our events at a server of its choosing, or cut a server out of a room;</li>
 *   <li>a leave concerns a user of the sender; a removal, mute or unmute comes from the user's own
 *       server, or from the room's authority: its origin, or the server of its owner;</li>
 *   <li>{@code room_delete} comes from the room's authority only (Rocket.Chat let any peer delete
 *       any room).</li>
 * </ul>
 * Thread-safe (stateless; the services serialise changes to one room).
 */
final class InboundRoomEvents {
    private final EventStore store;
    private final RoomService rooms;
    private final UserService users;
    private final RemoteUsers remoteUsers;
    private final Supplier<String> ownDomain;
    private final int maxDomainsPerRoom;
    private final InboundRoomState state;

    InboundRoomEvents(EventStore store, RoomService rooms, UserService users, RemoteUsers remoteUsers,
                      Supplier<String> ownDomain, int maxDomainsPerRoom) {
        this.store = store;
        this.rooms = rooms;
        this.users = users;
        this.remoteUsers = remoteUsers;
        this.ownDomain = ownDomain;
        this.maxDomainsPerRoom = maxDomainsPerRoom;
        this.state = new InboundRoomState(rooms, users);
    }

    /** fedchat's {@code room_update}: the room's settings and roles, from its origin only ({@link InboundRoomState}). */
    void update(String sender, FederationEvent e, String relayedBy) {
        state.apply(sender, federatedRoom(sender, e), e, relayedBy);
    }

    void genesis(String sender, FederationEvent e) {
        JsonNode r = e.data().path("room");
        String id = text(r, "_id", e);
        if (!id.equals(e.roomId())) {
            throw refuse("genesis " + e.id() + " describes room " + id + " in the context of room " + e.roomId());
        }
        JsonNode f = r.path("federation");
        RoomFederation federation = new RoomFederation(text(f, "origin", e).toLowerCase(Locale.ROOT),
                EventFields.domains(f.path("domains"), e, maxDomainsPerRoom));
        if (!federation.origin().equals(sender)) {
            throw refuse("genesis " + e.id() + " names " + federation.origin() + " as the room's origin, but " + sender + " sent it");
        }
        if (!federation.domains().contains(ownDomain.get()) || !federation.domains().contains(sender)) {
            throw refuse("genesis " + e.id() + ": the room's domains " + federation.domains() + " must include "
                    + sender + " and this server");
        }
        String type = text(r, "t", e);
        if (type.equals(Room.DIRECT) && federation.domains().size() > 2) {
            throw refuse("genesis " + e.id() + ": the direct conversation " + id + " names " + federation.domains().size()
                    + " domains; a direct conversation spans at most its two members' servers");
        }
        if (type.equals(Room.DIRECT)) {
            requireDirectBetween(id, sender, e);
        }
        Optional<Room> existing = rooms.byId(id);
        if (existing.isPresent() && !sender.equals(existing.get().federationOrigin()) && !directWithUserOf(existing.get(), sender)) {
            throw refuse("genesis " + e.id() + ": room " + id + " exists here and does not belong to " + sender);
        }
        if (existing.isPresent()) {
            again(existing.get(), type, federation, e);
            return;
        }
        JsonNode owner = r.path("u");
        // Rocket.Chat's direct rooms have no owner: its createDirectRoom never set `u` (ours name the creator)
        boolean ownerless = type.equals(Room.DIRECT) && (owner.isMissingNode() || owner.isNull());
        String ownerId = ownerless ? null : text(owner, "_id", e);
        String ownerName = ownerless ? null : local(text(owner, "username", e));
        long ts = date(r.path("ts"), e.timestamp());
        Room room;
        if (type.equals(Room.DIRECT)) {
            room = new Room(id, Room.DIRECT, null, null, ownerId, ownerName, false, null, null, null, 0, null, null, ts, ts,
                    federation);
        } else {
            // a group is private everywhere (§8.4); a channel stays a channel (issue 13 §2: joined at its
            // origin) only when one of our users asked to join it, or a peer could fill our directory with
            // channels every user here reads; a peer's name keeps its domain, so it never clashes with ours
            String name = text(r, "name", e);
            String kind = type.equals(Room.CHANNEL) && rooms.joinAsked(id, sender) ? Room.CHANNEL : Room.GROUP;
            // the settings a Rocket.Chat room carries (its normalised room is the whole document); later
            // changes come from a fedchat origin only (room_update)
            room = new Room(id, kind, name, name.toLowerCase(Locale.ROOT), ownerId, ownerName,
                    r.path("ro").asBoolean(false), RoomStateWire.optional(r, "topic", e),
                    RoomStateWire.optional(r, "announcement", e), RoomStateWire.optional(r, "description", e), 0,
                    null, null, ts, ts, federation);
        }
        rooms.replicas().replicate(room);
    }

    /**
     * A direct room's id is its two members' ids joined (sorted): exactly one half must be a user of
     * ours, and the other, when we know whose id it is, a user of the sender. A server cannot open a
     * conversation between our user and a third server's (issue 12 §3).
     */
    private void requireDirectBetween(String roomId, String sender, FederationEvent e) {
        int half = roomId.length() / 2;
        List<Optional<User>> halves = List.of(users.byId(roomId.substring(0, half)), users.byId(roomId.substring(half)));
        long ours = halves.stream().filter(u -> u.isPresent() && !u.get().isRemote()).count();
        boolean stranger = halves.stream().anyMatch(u -> u.isPresent() && u.get().isRemote() && !sender.equals(domainOf(u.get())));
        // exactly one of ours: a conversation between two of our users is ours alone, never a peer's
        if (roomId.length() % 2 != 0 || ours != 1 || stranger) {
            throw refuse("genesis " + e.id() + ": " + roomId + " is not a direct conversation between a user of this server"
                    + " and a user of " + sender);
        }
    }

    /**
     * A genesis of a room we hold already: its origin sending it again (a server brought back into
     * the room), or a direct room both servers opened at once. It never changes what the room is,
     * and never takes a server out that has members here: a direct room stays as it is, and a group
     * keeps its domains and gains those the genesis names (the origin brings servers in), within the
     * limit. A genesis of another type than the room's is refused.
     */
    private void again(Room room, String type, RoomFederation told, FederationEvent e) {
        boolean direct = type.equals(Room.DIRECT);
        if (direct != room.isDirect() || room.federation() == null) {
            throw refuse("genesis " + e.id() + ": room " + room.id() + " exists here as a "
                    + (room.isDirect() ? "direct conversation" : "group") + ", not as the room it describes");
        }
        if (direct) {
            return;
        }
        TreeSet<String> domains = new TreeSet<>(room.federation().domains());
        domains.addAll(told.domains());
        if (domains.size() > maxDomainsPerRoom) {
            throw refuse("genesis " + e.id() + ": room " + room.id() + " would span " + domains.size() + " domains; at most "
                    + maxDomainsPerRoom + " (FEDERATED_DOMAINS_LENGTH)");
        }
        rooms.replicas().replicate(room.withFederation(room.federation().withDomains(List.copyOf(domains))));
    }

    /**
     * The user is imported as the sender may vouch for ({@link RemoteUsers#importNormalized}); the
     * room gains the user's domain. {@code domainsAfterAdd} is absent in a genesis batch, where the
     * genesis listed the domains already (§11.3: Rocket.Chat then set the list to undefined). Every
     * rule is checked before anything is stored or fetched: a refused add changes nothing.
     *
     * @param relayedBy the server that passed the event on (the room's origin, in an answer we asked
     *                for), or null: a relayed add may not bring a new domain into the room (the
     *                origin does that itself), and the user is vouched for by the relaying server,
     *                not the claimed origin, so a user of that origin is checked with it
     */
    void addUser(String sender, FederationEvent e, String relayedBy) {
        Room room = federatedRoom(sender, e);
        JsonNode named = e.data().path("user");
        String home = remoteUsers.originOf(named, sender);
        if (room.isDirect()) {
            requireDirectMember(room, text(named, "_id", e), e);
            if (!room.federation().domains().contains(home)) {
                throw refuse("event " + e.id() + ": the direct conversation " + room.id() + " is between "
                        + room.federation().domains() + "; a user of " + home + " cannot be in it");
            }
        }
        TreeSet<String> domains = new TreeSet<>(room.federation().domains());
        if (domains.add(home)) {
            if (relayedBy != null) {
                throw refuse("event " + e.id() + " would bring " + home + " into room " + room.id() + ", but it was passed on"
                        + " by another server; only the room's origin brings a server in, itself");
            }
            if (domains.size() > maxDomainsPerRoom) {
                throw refuse("event " + e.id() + ": with " + home + " room " + room.id() + " would span "
                        + domains.size() + " domains; at most " + maxDomainsPerRoom + " (FEDERATED_DOMAINS_LENGTH)");
            }
        }
        User user = remoteUsers.importNormalized(named, relayedBy != null ? relayedBy : sender);
        rooms.replicas().addMember(room, user, room.federation().withDomains(List.copyOf(domains)));
    }

    /**
     * A direct room keeps exactly its two members (issue 12 §3): its id is made of their ids, so a
     * user whose id is not part of it is refused, as is anyone once both are in.
     */
    private void requireDirectMember(Room room, String userId, FederationEvent e) {
        boolean named = room.id().length() == 2 * userId.length() && (room.id().startsWith(userId) || room.id().endsWith(userId));
        List<String> members = rooms.members(room).stream().map(m -> m.userId()).toList();
        if (!named || (!members.contains(userId) && members.size() >= 2)) {
            throw refuse("event " + e.id() + ": room " + room.id() + " is a direct conversation; it keeps its two members"
                    + " and no one else can be added");
        }
    }

    /**
     * {@code room_remove_user} ({@code left} false) or {@code room_user_left}. The list of domains
     * after a leave is read from {@code domainsAfterLeave}, as Rocket.Chat sends it (its own
     * receiver read {@code domainsAfterRemoval} and lost the list, §11.3); {@code domainsAfterRemoval}
     * is accepted too, for peers that copied that mistake into what they send.
     */
    void removeUser(String sender, FederationEvent e, boolean left) {
        Room room = federatedRoom(sender, e);
        refuseInDirect(room, e, left ? "leave" : "remove a member of");
        Optional<User> known = knownUser(e.data().path("user"), e);
        if (known.isEmpty()) {
            return; // never a member here: nothing to remove
        }
        User user = known.get();
        String home = domainOf(user);
        if (left && !home.equals(sender)) {
            throw refuse("event " + e.id() + ": " + sender + " cannot say that " + user.username()
                    + " left; only the user's own server can");
        }
        if (!left && !home.equals(sender) && !isAuthority(room, sender)) {
            throw refuse("event " + e.id() + ": " + sender + " cannot remove " + user.username() + " from room " + room.id()
                    + "; only the room's origin " + room.federationOrigin() + " or the user's own server can");
        }
        JsonNode list = left && e.data().has("domainsAfterLeave") ? e.data().path("domainsAfterLeave")
                : e.data().path("domainsAfterRemoval");
        RoomFederation after = null; // none given: what the members left here imply
        if (list.isArray()) {
            List<String> told = EventFields.domains(list, e, maxDomainsPerRoom);
            boolean drop = !told.contains(home) && !home.equals(room.federationOrigin());
            after = room.federation().withDomains(room.federation().domains().stream()
                    .filter(d -> !drop || !d.equals(home)).toList());
        }
        rooms.replicas().removeMember(room, user, after);
    }

    void mute(String sender, FederationEvent e, boolean muted) {
        Room room = federatedRoom(sender, e);
        refuseInDirect(room, e, muted ? "mute a member of" : "unmute a member of");
        Optional<User> known = knownUser(e.data().path("user"), e);
        if (known.isEmpty()) {
            return;
        }
        if (!domainOf(known.get()).equals(sender) && !isAuthority(room, sender)) {
            throw refuse("event " + e.id() + ": " + sender + " cannot " + (muted ? "mute " : "unmute ") + known.get().username()
                    + " in room " + room.id() + "; only the room's origin " + room.federationOrigin() + " or the user's own server can");
        }
        rooms.replicas().setMuted(room, known.get(), muted);
    }

    /** Not stored (§7.2): the room goes, with its messages, subscriptions and events. A room not here is fine. */
    void deleteRoom(String sender, FederationEvent e) {
        String id = text(e.data(), "roomId", e);
        if (!id.equals(e.roomId())) {
            throw refuse("event " + e.id() + " deletes room " + id + " in the context of room " + e.roomId());
        }
        Optional<Room> room = rooms.byId(id);
        if (room.isEmpty()) {
            return;
        }
        if (room.get().federation() == null || !isAuthority(room.get(), sender)) {
            throw refuse("event " + e.id() + ": " + sender + " cannot delete room " + id + "; only its origin "
                    + room.get().federationOrigin() + " (or the server of its owner) can");
        }
        String type = room.get().type();
        rooms.replicas().delete(id, h -> store.bury(h, id, type, true, false));
    }

    /** A direct room's membership does not change from the network (issue 12 §3): its two members stay. */
    private static void refuseInDirect(Room room, FederationEvent e, String what) {
        if (room.isDirect()) {
            throw refuse("event " + e.id() + ": no server can " + what + " the direct conversation " + room.id()
                    + "; it keeps its two members");
        }
    }

    /** The room an event is about, which must be federated and include the sender. */
    Room federatedRoom(String sender, FederationEvent e) {
        Room room = rooms.byId(e.roomId()).orElseThrow(() -> new UnknownRoomException(e));
        if (room.federation() == null || !room.federation().domains().contains(sender)) {
            throw refuse("event " + e.id() + ": " + sender + " does not take part in room " + room.id());
        }
        return room;
    }

    /** Our own users' names arrive qualified with our domain; we store them bare. */
    String local(String username) {
        String suffix = "@" + ownDomain.get();
        return username.toLowerCase(Locale.ROOT).endsWith(suffix) ? username.substring(0, username.length() - suffix.length()) : username;
    }

    /** The room's origin, or the server of its owner, may delete it and moderate anyone in it. */
    private boolean isAuthority(Room room, String sender) {
        if (sender.equals(room.federationOrigin())) {
            return true;
        }
        return room.ownerId() != null && users.byId(room.ownerId()).map(this::domainOf).filter(sender::equals).isPresent();
    }

    /**
     * The user a normalised user in an event names, if known here: same id, and the same qualified
     * name, or the event is refused (a peer cannot make an event about one user look like another).
     */
    private Optional<User> knownUser(JsonNode user, FederationEvent e) {
        String id = text(user, "_id", e);
        String username = text(user, "username", e);
        Optional<User> known = users.byId(id);
        if (known.isPresent() && !qualified(known.get()).equalsIgnoreCase(username)) {
            throw refuse("event " + e.id() + ": user " + id + " is " + qualified(known.get()) + " here, not " + username);
        }
        return known;
    }

    /**
     * Two servers that opened the same direct conversation at once each send a genesis for the
     * same room id (it is made of the members' ids); a DM with a user of the sender takes it.
     */
    private boolean directWithUserOf(Room room, String sender) {
        return room.isDirect() && rooms.members(room).stream().anyMatch(m -> m.username().toLowerCase(Locale.ROOT).endsWith("@" + sender));
    }

    private String domainOf(User user) {
        return user.isRemote() ? user.federationOrigin() : ownDomain.get();
    }

    private String qualified(User user) {
        return user.isRemote() ? user.username() : user.username() + "@" + ownDomain.get();
    }
}
