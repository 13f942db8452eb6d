package dev.fedchat.server.room;

import dev.fedchat.server.db.UniqueViolation;
import dev.fedchat.server.events.ChatEvent;
import dev.fedchat.server.events.ChatEvent.Action;
import dev.fedchat.server.events.LocalEvents;
import dev.fedchat.server.user.User;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rooms as peers' events describe them (federation-protocol.md §7.7, §8.3): the copy here of a
 * room that spans servers, its members, mutes and deletion. No permission checks: the caller
 * proved the sender and checked the event against the room's rules (federation-security.md).
 * Idempotent, since peers send again what they are not sure we have. Each change is one
 * transaction; its events are recorded in it and published after it, like {@link RoomService}'s,
 * and what they carry is for clients: changes made by remote users are never sent back out.
 */
public final class RoomReplicas {
    private static final Logger log = LoggerFactory.getLogger(RoomReplicas.class);

    private final Jdbi jdbi;
    private final Clock clock;
    private final RoomDomains domains;
    private final LocalEvents events;
    private final RoomChanges changes;
    private final RoomStateChanges stateChanges;

    RoomReplicas(Jdbi jdbi, Clock clock, RoomDomains domains, LocalEvents events, RoomChanges changes,
                 RoomStateChanges stateChanges) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.domains = domains;
        this.events = events;
        this.changes = changes;
        this.stateChanges = stateChanges;
    }

    /**
     * A room as a peer's genesis event describes it: inserted with the origin's id, or, when it
     * exists here already, given the federation the event carries.
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
            // the same genesis, received twice at once
            return jdbi.withExtension(RoomDao.class, d -> d.byId(room.id())).orElseThrow(RoomService::invalidRoom);
        }
    }

    /**
     * A member a peer added ({@code room_add_user}), and the room's federation as it is with them, in
     * one transaction; nothing happens to a member who is one already. The room's owner (its
     * genesis's {@code u}, the creator) is an owner here too, as at the origin, until the origin's
     * state says otherwise ({@link #applyState}; a Rocket.Chat origin never does).
     */
    public void addMember(Room room, User user, RoomFederation federationAfter) {
        List<ChatEvent> after = new ArrayList<>();
        jdbi.useTransaction(h -> {
            Room current = h.attach(RoomDao.class).lock(room.id()).orElseThrow(RoomService::invalidRoom);
            if (h.attach(SubscriptionDao.class).find(room.id(), user.id()).isEmpty()) {
                changes.subscribe(h, current, user, user.id().equals(current.ownerId()) ? MemberRoles.OWNER : "", after);
            }
            changes.updateFederation(h, current, federationAfter);
            events.record(h, after);
        });
        events.publishAll(after);
    }

    /**
     * A member a peer removed or who left at their server ({@code room_remove_user},
     * {@code room_user_left}); nothing happens to a subscription that is gone already. The room's
     * federation becomes {@code federationAfter}, or, when null, what the members left here imply.
     */
    public void removeMember(Room room, User user, RoomFederation federationAfter) {
        List<ChatEvent> after = new ArrayList<>();
        jdbi.useTransaction(h -> {
            Room current = h.attach(RoomDao.class).lock(room.id()).orElseThrow(RoomService::invalidRoom);
            SubscriptionDao subs = h.attach(SubscriptionDao.class);
            Optional<Membership> m = subs.find(room.id(), user.id());
            if (m.isPresent()) {
                changes.unsubscribe(h, current, m.get(), after);
            }
            RoomFederation federation = federationAfter != null ? federationAfter
                    : domains.afterRemoving(current.federation(), changes.memberDomains(subs.members(room.id())));
            changes.updateFederation(h, current, federation);
            events.record(h, after);
        });
        if (!after.isEmpty()) {
            log.info("{} removed from room {} by a peer's event", user.username(), room.id());
        }
        events.publishAll(after);
    }

    /** A peer muted or unmuted a member ({@code room_mute_user}); a user not in the room is ignored. */
    public void setMuted(Room room, User user, boolean muted) {
        List<ChatEvent> after = new ArrayList<>();
        jdbi.useTransaction(h -> {
            SubscriptionDao subs = h.attach(SubscriptionDao.class);
            Optional<Membership> m = subs.find(room.id(), user.id());
            if (m.isPresent() && m.get().muted() != muted) {
                subs.setMuted(room.id(), user.id(), muted, clock.millis());
                after.add(new ChatEvent.SubscriptionChanged(user.id(), Action.UPDATED,
                        changes.withDisplayName(h, subs.find(room.id(), user.id()).orElseThrow())));
            }
            events.record(h, after);
        });
        events.publishAll(after);
    }

    /**
     * The settings and roles a room's origin says the room has now ({@code room_update}), taken
     * when {@code version} is newer than what the room has here; roles of users who are not members
     * here are ignored, and members the state does not name have none. Returns false when the
     * state was not newer (a late or repeated one), and nothing changed.
     *
     * @param by who changed it at the origin, or null when they are not known here
     */
    public boolean applyState(Room room, RoomState told, long version, User by) {
        List<ChatEvent> after = new ArrayList<>();
        boolean newer = jdbi.inTransaction(h -> {
            RoomDao rooms = h.attach(RoomDao.class);
            Room current = rooms.lock(room.id()).orElseThrow(RoomService::invalidRoom);
            Long had = rooms.settingsAt(room.id());
            if (had != null && had >= version) {
                return false;
            }
            // the members' names as stored here, the roles as told
            List<MemberRoles> roles = h.attach(SubscriptionDao.class).members(room.id()).stream()
                    .map(m -> new MemberRoles(m.userId(), m.username(), m.userFullName(), told.rolesOf(m.userId()))).toList();
            RoomState state = new RoomState(told.settings(), roles);
            Room written = stateChanges.apply(h, current, state, by, version, clock.millis(), after);
            if (written == current) {
                rooms.setSettings(current, version); // the same state, but a newer version of it
            }
            events.record(h, after);
            return true;
        });
        if (!after.isEmpty()) {
            log.info("Room {} ({}) took its origin's settings and roles of version {}", room.name(), room.id(), version);
        }
        events.publishAll(after);
        return newer;
    }

    /**
     * A room its origin deleted ({@code room_delete}); false when it was not here (any more).
     * {@code alsoInTransaction} changes what else goes with the room, in the same transaction (its
     * federation graph, which leaves a tombstone): a crash never keeps one without the other.
     */
    public boolean delete(String roomId, Consumer<Handle> alsoInTransaction) {
        Optional<Room> room = jdbi.withExtension(RoomDao.class, d -> d.byId(roomId));
        if (room.isEmpty()) {
            return false;
        }
        boolean deleted = changes.deleteRoom(room.get(), null, alsoInTransaction);
        if (deleted) {
            log.info("Room {} ({}) deleted by its origin {}", room.get().name(), roomId, room.get().federationOrigin());
        }
        return deleted;
    }
}
