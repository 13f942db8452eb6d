package dev.fedchat.server.room;

import dev.fedchat.server.Ids;
import dev.fedchat.server.events.ChatEvent;
import dev.fedchat.server.events.ChatEvent.Action;
import dev.fedchat.server.events.LocalEvents;
import dev.fedchat.server.user.User;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The writes that local room changes ({@link RoomService}) and peers' room events
 * ({@link RoomReplicas}) share: subscribing and unsubscribing with the events clients need, a
 * room's federation kept with its membership, and deleting a room. Each works inside the caller's
 * transaction and adds what it changed to the caller's {@code after} list, except
 * {@link #subscribeOnce} and {@link #deleteRoom}, which are transactions of their own.
 */
final class RoomChanges {
    private final Jdbi jdbi;
    private final Clock clock;
    private final Ids ids;
    private final RoomDomains domains;
    private final LocalEvents events;

    RoomChanges(Jdbi jdbi, Clock clock, Ids ids, RoomDomains domains, LocalEvents events) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.ids = ids;
        this.domains = domains;
        this.events = events;
    }

    void subscribe(Handle h, Room room, User user, String roles, List<ChatEvent> after) {
        subscribeAll(h, room, List.of(user), roles, after);
    }

    /**
     * Subscribes {@code users} together: every row is written before any event is built, so a new
     * DM's subscription events carry the other members' names, not only those subscribed before.
     */
    void subscribeAll(Handle h, Room room, Collection<User> users, String roles, List<ChatEvent> after) {
        SubscriptionDao subs = h.attach(SubscriptionDao.class);
        for (User user : users) {
            subs.insert(ids.next(), room.id(), user.id(), roles, clock.millis());
        }
        for (User user : users) {
            Membership m = withDisplayName(h, subs.find(room.id(), user.id()).orElseThrow());
            after.add(new ChatEvent.SubscriptionChanged(user.id(), Action.INSERTED, m));
            after.add(new ChatEvent.RoomChanged(user.id(), Action.INSERTED, room));
        }
    }

    /** Subscribes {@code user} unless they are a member already, in a transaction of its own. */
    void subscribeOnce(Room room, User user) {
        List<ChatEvent> after = new ArrayList<>();
        jdbi.useTransaction(h -> {
            h.attach(RoomDao.class).lock(room.id()).orElseThrow(RoomService::invalidRoom);
            if (h.attach(SubscriptionDao.class).find(room.id(), user.id()).isEmpty()) {
                subscribe(h, room, user, "", after);
            }
            events.record(h, after);
        });
        events.publishAll(after);
    }

    void unsubscribe(Handle h, Room room, Membership m, List<ChatEvent> after) {
        h.attach(SubscriptionDao.class).delete(room.id(), m.userId());
        h.attach(RemovalDao.class).insert(new Removal(m.id(), room.id(), m.userId(), clock.millis()));
        after.add(new ChatEvent.SubscriptionChanged(m.userId(), Action.REMOVED, m));
        after.add(new ChatEvent.RoomChanged(m.userId(), Action.REMOVED, room));
    }

    /** A DM's subscription is named for the other members, as each of them sees it. */
    Membership withDisplayName(Handle h, Membership m) {
        if (!Room.DIRECT.equals(m.roomType())) {
            return m;
        }
        List<String> names = h.attach(SubscriptionDao.class).members(m.roomId()).stream()
                .map(Membership::username).toList();
        return m.withRoomName(directName(names, m.username()));
    }

    /** Stores {@code federation} when it differs from the room's; returns the room as it is now. */
    Room updateFederation(Handle h, Room room, RoomFederation federation) {
        if (Objects.equals(room.federation(), federation)) {
            return room;
        }
        Room updated = room.withFederation(federation);
        h.attach(RoomDao.class).setFederation(updated);
        return updated;
    }

    /** The home domains of {@code members}: a remote user's username carries it ({@code bob@beta.test}). */
    List<String> memberDomains(List<Membership> members) {
        return members.stream().map(m -> domains.domainOfName(m.username())).distinct().toList();
    }

    /**
     * Deletes the room and records the members' removals, in a transaction of its own; false when
     * it was gone already.
     *
     * @param deletion the local deletion to announce after the members' removals, or null for a
     *                 copy its origin deleted
     * @param alsoInTransaction what else the deletion must change in its transaction (the room's
     *                 federation graph, when a peer's event deleted it), or null
     */
    boolean deleteRoom(Room room, ChatEvent.RoomDeleted deletion, Consumer<Handle> alsoInTransaction) {
        List<ChatEvent> after = new ArrayList<>();
        boolean deleted = jdbi.inTransaction(h -> {
            if (h.attach(RoomDao.class).lock(room.id()).isEmpty()) {
                return false;
            }
            List<Membership> members = h.attach(SubscriptionDao.class).members(room.id());
            RemovalDao removals = h.attach(RemovalDao.class);
            long now = clock.millis();
            members.forEach(m -> removals.insert(new Removal(m.id(), room.id(), m.userId(), now)));
            h.attach(RoomDao.class).delete(room.id());
            for (Membership m : members) {
                after.add(new ChatEvent.SubscriptionChanged(m.userId(), Action.REMOVED, m));
                after.add(new ChatEvent.RoomChanged(m.userId(), Action.REMOVED, room));
            }
            if (deletion != null) {
                after.add(deletion);
            }
            if (alsoInTransaction != null) {
                alsoInTransaction.accept(h);
            }
            events.record(h, after);
            return true;
        });
        events.publishAll(after);
        return deleted;
    }

    static String directName(List<String> usernames, String viewer) {
        List<String> others = usernames.stream().filter(n -> !n.equals(viewer)).toList();
        return others.isEmpty() ? viewer : String.join(", ", others);
    }
}
