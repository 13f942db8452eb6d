package dev.fedchat.server.federation.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fedchat.server.events.ChatEvent;
import dev.fedchat.server.federation.delivery.Outbox;
import dev.fedchat.server.federation.settings.FederationSettings;
import dev.fedchat.server.room.Membership;
import dev.fedchat.server.room.Room;
import dev.fedchat.server.room.RoomDao;
import dev.fedchat.server.room.RoomFederation;
import dev.fedchat.server.room.SubscriptionDao;
import dev.fedchat.server.settings.SettingsService;
import dev.fedchat.server.user.User;
import dev.fedchat.server.user.UserDao;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what local users do in federated rooms into events (federation-protocol.md §8.3): each
 * event is stored in the room's graph and queued for every other domain of the room in one
 * transaction, and the queues are woken when it commits; sending happens on the queues' threads, never on the
 * user's request. Changes that came from peers are not echoed: they are made by remote users, and
 * only local users' changes become events here.
 *
 * <p>Rooms (§8.3, §7.7): a room that starts spanning servers sends its genesis batch
 * ({@code [genesis, add-user…]}, no parents) to every other domain; a server that joins a federated
 * room later gets the same batch, built from the room as it is now, while the servers already in it
 * get one {@code room_add_user} per new member. Removals, leaves and mutes go to the domains the room
 * had before the change (so a removed server learns of its removal). A deleted room sends
 * {@code room_delete} when we are its origin; a copy of another server's room that is deleted here
 * sends a {@code room_user_left} for each of our members instead, since only the origin may delete
 * the room (federation-security.md). The deleted room's events go too, except those still queued.
 *
 * <p>Runs inside the transaction of the change, as an in-transaction listener of
 * {@link dev.fedchat.server.events.LocalEvents}: the change, its event and the event's outbox rows
 * commit together, so a crash never keeps a message whose delivery was lost. A failure here rolls
 * the change back and its caller sees the error.
 */
public final class OutboundEvents implements BiConsumer<Handle, ChatEvent> {
    private static final Logger log = LoggerFactory.getLogger(OutboundEvents.class);

    private final EventStore store;
    private final Outbox outbox;
    private final WireFormat wire;
    private final SettingsService settings;
    private final Supplier<String> ownDomain;

    public OutboundEvents(EventStore store, Outbox outbox, WireFormat wire, SettingsService settings,
                         Supplier<String> ownDomain) {
        this.store = store;
        this.outbox = outbox;
        this.wire = wire;
        this.settings = settings;
        this.ownDomain = ownDomain;
    }

    @Override
    public void accept(Handle h, ChatEvent event) {
        if (!settings.bool(FederationSettings.ENABLED)) {
            return;
        }
        if (event instanceof ChatEvent.DirectOpened opened) {
            directOpened(h, opened);
        } else if (event instanceof ChatEvent.RoomCreated created) {
            roomCreated(h, created);
        } else if (event instanceof ChatEvent.MembersAdded added && added.room().isFederated()) {
            membersAdded(h, added);
        } else if (event instanceof ChatEvent.MemberRemoved removed && removed.room().isFederated()) {
            send(h, removed.room(), removed.left() ? EventType.ROOM_USER_LEFT : EventType.ROOM_REMOVE_USER,
                    wire.removeUser(removed.room().id(), removed.user(), removed.left(), domainsOf(removed.after())));
        } else if (event instanceof ChatEvent.MuteChanged mute && mute.room().isFederated()) {
            send(h, mute.room(), mute.muted() ? EventType.ROOM_MUTE_USER : EventType.ROOM_UNMUTE_USER,
                    wire.muteUser(mute.room().id(), mute.user()));
        } else if (event instanceof ChatEvent.RoomDeleted deleted && deleted.room().federation() != null) {
            roomDeleted(h, deleted);
        } else if (event instanceof ChatEvent.MessageSaved saved && saved.room().isFederated()) {
            messageSaved(h, saved);
        } else if (event instanceof ChatEvent.MessageDeleted deleted && deleted.room().isFederated()
                && isLocal(deleted.by()) && !deleted.authorUsername().contains("@")) {
            // a local moderator removing a remote user's message removes it here only: peers accept
            // deletions from the author's server alone
            send(h, deleted.room(), EventType.ROOM_DELETE_MESSAGE, wire.deleteMessage(deleted.roomId(), deleted.messageId()));
        } else if (event instanceof ChatEvent.ReactionChanged r && r.room().isFederated() && isLocal(r.by())) {
            send(h, r.room(), r.added() ? EventType.ROOM_SET_MESSAGE_REACTION : EventType.ROOM_UNSET_MESSAGE_REACTION,
                    wire.reaction(r.room().id(), r.message().id(), r.by().username(), r.reaction()));
        }
    }

    private void messageSaved(Handle h, ChatEvent.MessageSaved saved) {
        switch (saved.change()) {
            case POSTED -> {
                // a system message (t) is each server's own record of a change it applied; it never travels
                if (!saved.message().username().contains("@") && saved.message().type() == null) {
                    send(h, saved.room(), EventType.ROOM_MESSAGE, wire.message(saved.message()));
                }
            }
            case EDITED -> {
                String editor = saved.message().editedByName();
                if (editor != null && !editor.contains("@") && !saved.message().username().contains("@")) {
                    send(h, saved.room(), EventType.ROOM_EDIT_MESSAGE, wire.edit(saved.message()));
                }
            }
            case REACTED -> {
                // sent as its own event from ReactionChanged, with the reacting user
            }
            case THREAD -> {
                // every server counts the replies it holds; the replies themselves travel
            }
            case PINNED -> {
                // the pin's notice travels as a message; the pin itself stays here for now
            }
        }
    }

    /**
     * A DM with a user of another server becomes a federated room: its genesis first, then one
     * add-user event per member, all without parents, as Rocket.Chat's {@code afterCreateDirectRoom} did.
     */
    private void directOpened(Handle h, ChatEvent.DirectOpened opened) {
        TreeSet<String> domains = new TreeSet<>();
        String own = ownDomain.get();
        domains.add(own);
        for (User u : opened.members()) {
            domains.add(u.username().contains("@") ? u.username().substring(u.username().lastIndexOf('@') + 1) : own);
        }
        if (domains.size() < 2) {
            return;
        }
        Room room = opened.room().withFederation(new RoomFederation(own, List.copyOf(domains)));
        h.attach(RoomDao.class).setFederation(room);
        enqueueAll(h, genesisBatch(h, room, opened.members()), others(room));
        h.afterCommit(() -> log.info("Direct conversation {} now spans {}: sent its genesis and {} members",
                room.id(), domains, opened.members().size()));
    }

    /** A group created with members of other servers: RoomService gave it its federation already. */
    private void roomCreated(Handle h, ChatEvent.RoomCreated created) {
        Room room = created.room();
        if (!room.isFederated() || !ownDomain.get().equals(room.federationOrigin())) {
            return;
        }
        enqueueAll(h, genesisBatch(h, room, created.members()), others(room));
        h.afterCommit(() -> log.info("Group {} ({}) spans {}: sent its genesis and {} members", room.name(), room.id(),
                room.federation().domains(), created.members().size()));
    }

    /**
     * Servers already in the room learn of each new member ({@code room_add_user} with
     * {@code domainsAfterAdd}); servers new to it get the room's genesis batch as it is now (which
     * names the new members too). A room that was local until now has only new servers.
     */
    private void membersAdded(Handle h, ChatEvent.MembersAdded added) {
        Room room = added.room();
        String own = ownDomain.get();
        List<String> before = added.before() == null ? List.of(own) : added.before().domains();
        List<String> staying = others(room).stream().filter(before::contains).toList();
        List<String> joining = others(room).stream().filter(d -> !before.contains(d)).toList();
        if (!joining.isEmpty() && !own.equals(room.federationOrigin())) {
            // RoomDomains refuses this; a genesis from us would be refused by every peer anyway
            log.warn("Room {} of {} gained the servers {} here; only its origin can bring servers in, nothing sent to them",
                    room.id(), room.federationOrigin(), joining);
        }
        for (User user : added.added()) {
            if (!staying.isEmpty()) {
                FederationEvent e = store.create(h, own, room.id(), EventType.ROOM_ADD_USER,
                        wire.addUser(room, user, wire.qualify(room.name()), room.federation().domains()), false);
                outbox.enqueue(h, e.id(), staying);
            }
        }
        if (!joining.isEmpty() && own.equals(room.federationOrigin())) {
            enqueueAll(h, genesisBatch(h, room, added.members()), joining);
        }
        h.afterCommit(() -> log.info("{} added to room {} ({}); told {}, sent the genesis to {}",
                added.added().size(), room.name(), room.id(), staying, joining));
    }

    /**
     * We are the origin: {@code room_delete} to every other server. A copy of another server's room:
     * our members leave it, the last one taking our domain out of its list.
     */
    private void roomDeleted(Handle h, ChatEvent.RoomDeleted deleted) {
        Room room = deleted.room();
        String own = ownDomain.get();
        if (room.isFederated() && own.equals(room.federationOrigin())) {
            FederationEvent e = store.create(h, own, room.id(), EventType.ROOM_DELETE, wire.deleteRoom(room.id()), false);
            outbox.enqueue(h, e.id(), others(room));
        } else if (room.isFederated()) {
            List<Membership> ours = deleted.members().stream().filter(m -> !m.username().contains("@")).toList();
            List<String> without = room.federation().domains().stream().filter(d -> !d.equals(own)).toList();
            UserDao users = h.attach(UserDao.class);
            for (int i = 0; i < ours.size(); i++) {
                Optional<User> user = users.byId(ours.get(i).userId());
                if (user.isPresent()) {
                    List<String> after = i == ours.size() - 1 ? without : room.federation().domains();
                    FederationEvent e = store.create(h, own, room.id(), EventType.ROOM_USER_LEFT,
                            wire.removeUser(room.id(), user.get(), true, after), false);
                    outbox.enqueue(h, e.id(), others(room));
                }
            }
        }
        store.bury(h, room.id(), room.type(), own.equals(room.federationOrigin()), true);
        h.afterCommit(() -> log.info("Room {} ({}) deleted here; {}", room.name(), room.id(),
                own.equals(room.federationOrigin()) ? "told " + others(room) : "our members left it at " + others(room)));
    }

    /**
     * A room's genesis batch (§7.7): the genesis, one {@code room_add_user} per member (without
     * {@code domainsAfterAdd}), and a {@code room_mute_user} per muted member, all without parents;
     * stored in this order, which is the order they are sent in.
     */
    private List<FederationEvent> genesisBatch(Handle h, Room room, List<User> members) {
        String own = ownDomain.get();
        Function<User, String> subscriptionName = room.isDirect()
                ? member -> members.stream().filter(o -> !o.id().equals(member.id())).map(o -> wire.qualify(o.username()))
                        .findFirst().orElse(wire.qualify(member.username()))
                : member -> wire.qualify(room.name());
        List<FederationEvent> batch = new ArrayList<>();
        batch.add(store.create(h, own, room.id(), EventType.GENESIS, wire.genesis(room, members), true));
        for (User member : members) {
            batch.add(store.create(h, own, room.id(), EventType.ROOM_ADD_USER,
                    wire.addUser(room, member, subscriptionName.apply(member), null), true));
        }
        for (Membership m : h.attach(SubscriptionDao.class).members(room.id())) {
            if (m.muted()) {
                members.stream().filter(u -> u.id().equals(m.userId())).findFirst().ifPresent(u -> batch.add(
                        store.create(h, own, room.id(), EventType.ROOM_MUTE_USER, wire.muteUser(room.id(), u), true)));
            }
        }
        return batch;
    }

    private void enqueueAll(Handle h, List<FederationEvent> events, List<String> domains) {
        for (FederationEvent e : events) {
            outbox.enqueue(h, e.id(), domains);
        }
    }

    private static List<String> domainsOf(RoomFederation federation) {
        return federation == null ? List.of() : federation.domains();
    }

    private void send(Handle h, Room room, EventType type, ObjectNode data) {
        FederationEvent event = store.create(h, ownDomain.get(), room.id(), type, data, false);
        outbox.enqueue(h, event.id(), others(room));
    }

    private List<String> others(Room room) {
        String own = ownDomain.get();
        return room.federation().domains().stream().filter(d -> !d.equals(own)).toList();
    }

    private static boolean isLocal(User user) {
        return user != null && !user.username().contains("@");
    }
}
