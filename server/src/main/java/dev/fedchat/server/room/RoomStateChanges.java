package dev.fedchat.server.room;

import dev.fedchat.server.events.ChatEvent;
import dev.fedchat.server.events.ChatEvent.Action;
import dev.fedchat.server.user.User;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * The one write of a room's settings and roles, shared by local changes ({@link RoomSettingsService})
 * and a peer's ({@link RoomReplicas#applyState}): the room's columns, the members' roles, the
 * version, and the events clients need ({@code rooms-changed} for every member when a setting
 * changed, {@code subscriptions-changed} for each subscription that changed: all of them on a
 * rename, the member's on a role change) with the {@link ChatEvent.RoomStateChanged} fact that the
 * system messages and federation read. Works inside the caller's transaction, on a room it locked.
 */
final class RoomStateChanges {

    /** The room's state as stored: its settings, and its members' roles. */
    RoomState stateOf(Handle h, Room room) {
        List<MemberRoles> roles = h.attach(SubscriptionDao.class).members(room.id()).stream()
                .map(MemberRoles::of).toList();
        return new RoomState(room.settings(), roles);
    }

    /**
     * Writes {@code after} over the room's state; returns the room as it is now. Nothing is written
     * and nothing announced when {@code after} is what the room has.
     *
     * @param version when the state changed, on the origin's clock ({@code settings_at})
     * @param by      who changed it (a remote user for a peer's change), or null when unknown here
     */
    Room apply(Handle h, Room room, RoomState after, User by, long version, long now, List<ChatEvent> events) {
        RoomState before = stateOf(h, room);
        if (before.sameAs(after)) {
            return room;
        }
        RoomDao rooms = h.attach(RoomDao.class);
        Room updated = room.withSettings(after.settings(), now);
        rooms.setSettings(updated, version);
        SubscriptionDao subs = h.attach(SubscriptionDao.class);
        Set<String> changedRoles = new LinkedHashSet<>();
        for (Membership m : subs.members(room.id())) {
            List<String> wanted = after.rolesOf(m.userId());
            if (!Set.copyOf(wanted).equals(Set.copyOf(m.roleList()))) {
                subs.setRoles(room.id(), m.userId(), join(wanted), now);
                changedRoles.add(m.userId());
            }
        }
        boolean settingsChanged = !before.settings().equals(after.settings());
        boolean renamed = !Objects.equals(before.settings().name(), after.settings().name());
        List<Membership> members = subs.members(room.id());
        for (Membership m : members) {
            if (settingsChanged) {
                events.add(new ChatEvent.RoomChanged(m.userId(), Action.UPDATED, updated));
            }
            if (renamed || changedRoles.contains(m.userId())) {
                if (renamed) {
                    // the subscription's updated_at moves too, so subscriptions.get since then lists it
                    subs.setRoles(room.id(), m.userId(), m.roles(), now);
                }
                events.add(new ChatEvent.SubscriptionChanged(m.userId(), Action.UPDATED,
                        subs.find(room.id(), m.userId()).orElseThrow()));
            }
        }
        events.add(new ChatEvent.RoomStateChanged(updated, before, after, by, version));
        return updated;
    }

    /** The roles column: the known roles in a fixed order, comma-separated. */
    static String join(List<String> roles) {
        List<String> kept = new ArrayList<>();
        for (String known : MemberRoles.KNOWN) {
            if (roles.contains(known)) {
                kept.add(known);
            }
        }
        return String.join(",", kept);
    }
}
