package dev.fedchat.server.room;

import dev.fedchat.server.db.UniqueViolation;
import dev.fedchat.server.error.RcException;
import dev.fedchat.server.events.ChatEvent;
import dev.fedchat.server.events.LocalEvents;
import dev.fedchat.server.user.User;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A room's settings (name, topic, announcement, description, read-only) and its members' roles
 * (owner, moderator), changed by local users with Rocket.Chat's default permissions:
 * {@code edit-room} (owners, moderators, admins) for the texts and the name, {@code set-readonly}
 * (owners, admins) for read-only, {@code set-owner} and {@code set-moderator} (owners, admins) for
 * roles; the last owner cannot be removed. Bad input and refused callers change nothing.
 *
 * <p><b>Federation.</b> A federated room's settings and roles are its state, decided by its
 * origin: only the origin applies changes from its users, and a change asked of another server
 * is refused with {@code error-federation-not-origin} naming the origin (it is not forwarded: the
 * legacy wire has no way to ask, and a refusal in words beats a change that silently waits).
 * The origin's change is one {@link ChatEvent.RoomStateChanged} that federation sends on.
 * Thread-safe; each change is one transaction on the locked room.
 */
public final class RoomSettingsService {
    private static final Logger log = LoggerFactory.getLogger(RoomSettingsService.class);

    /** What {@link #save} changes; a null field is left as it is, an empty text unsets it. */
    public record Change(String name, String topic, String announcement, String description, Boolean readOnly) {
        public static Change topic(String topic) {
            return new Change(null, topic, null, null, null);
        }

        public static Change announcement(String announcement) {
            return new Change(null, null, announcement, null, null);
        }

        public static Change description(String description) {
            return new Change(null, null, null, description, null);
        }

        public static Change readOnly(boolean readOnly) {
            return new Change(null, null, null, null, readOnly);
        }

        public static Change name(String name) {
            return new Change(name, null, null, null, null);
        }
    }

    private final Jdbi jdbi;
    private final Clock clock;
    private final RoomDomains domains;
    private final LocalEvents events;
    private final RoomStateChanges changes;

    RoomSettingsService(Jdbi jdbi, Clock clock, RoomDomains domains, LocalEvents events, RoomStateChanges changes) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.domains = domains;
        this.events = events;
        this.changes = changes;
    }

    /**
     * {@code rooms.saveRoomSettings} and the {@code channels.set*} calls: every given setting is
     * checked before any is written, and all are written in one transaction. Returns the room as
     * it is now (unchanged when every value was what it had).
     */
    public Room save(User caller, Room room, Change change) {
        if (room.isDirect()) {
            throw RcException.invalid("error-action-not-allowed", "Editing room is not allowed: a direct message has no settings");
        }
        Membership own = requireRight(caller, room, "Editing room is not allowed",
                m -> m.isOwner() || m.isModerator());
        if (change.readOnly() != null && change.readOnly() != room.readOnly() && !caller.isAdmin()
                && (own == null || !own.isOwner())) {
            throw RcException.invalid("error-action-not-allowed", "Editing readOnly room is not allowed");
        }
        domains.requireOrigin(room, "change its settings");
        if (change.name() != null && !RoomService.ROOM_NAME.matcher(change.name()).matches()) {
            throw RcException.invalid("error-invalid-room-name", change.name() + " is not a valid room name");
        }
        checkLength("roomTopic", change.topic());
        checkLength("roomAnnouncement", change.announcement());
        checkLength("roomDescription", change.description());
        List<ChatEvent> after = new ArrayList<>();
        Room updated;
        try {
            updated = jdbi.inTransaction(h -> {
                Room current = h.attach(RoomDao.class).lock(room.id()).orElseThrow(RoomService::invalidRoom);
                RoomSettings was = current.settings();
                RoomSettings now = new RoomSettings(
                        change.name() != null ? change.name() : was.name(),
                        change.topic() != null ? blankIsUnset(change.topic()) : was.topic(),
                        change.announcement() != null ? blankIsUnset(change.announcement()) : was.announcement(),
                        change.description() != null ? blankIsUnset(change.description()) : was.description(),
                        change.readOnly() != null ? change.readOnly() : was.readOnly());
                if (!Objects.equals(now.name(), was.name()) && !now.name().equalsIgnoreCase(was.name())
                        && h.attach(RoomDao.class).byNameKey(now.name().toLowerCase(Locale.ROOT)).isPresent()) {
                    throw RoomService.duplicateName(now.name());
                }
                RoomState state = changes.stateOf(h, current);
                Room written = changes.apply(h, current, new RoomState(now, state.roles()), caller, nextVersion(h, current),
                        clock.millis(), after);
                events.record(h, after);
                return written;
            });
        } catch (RuntimeException e) {
            throw change.name() != null && UniqueViolation.causedBy(e) ? RoomService.duplicateName(change.name()) : e;
        }
        if (!after.isEmpty()) {
            log.info("{} changed the settings of room {} ({})", caller.username(), updated.name(), room.id());
        }
        events.publishAll(after);
        return updated;
    }

    /**
     * {@code *.addOwner}, {@code *.removeOwner}, {@code *.addModerator}, {@code *.removeModerator}
     * with Rocket.Chat's errors: the target must be a member, must not have the role to get it or
     * must have it to lose it, and the last owner keeps it.
     */
    public void setRole(User caller, Room room, User target, String role, boolean add) {
        if (!MemberRoles.KNOWN.contains(role)) {
            throw new IllegalArgumentException("not a room role: " + role);
        }
        if (room.isDirect()) {
            throw RcException.notAllowed("Roles do not apply to a direct message");
        }
        requireRight(caller, room, "Not allowed", Membership::isOwner, "error-not-allowed");
        domains.requireOrigin(room, "change its members' roles");
        List<ChatEvent> after = new ArrayList<>();
        jdbi.useTransaction(h -> {
            Room current = h.attach(RoomDao.class).lock(room.id()).orElseThrow(RoomService::invalidRoom);
            RoomState state = changes.stateOf(h, current);
            Membership m = h.attach(SubscriptionDao.class).find(room.id(), target.id())
                    .orElseThrow(() -> RcException.invalid("error-user-not-in-room", "User is not in this room"));
            List<String> roles = new ArrayList<>(m.roleList());
            if (add && roles.contains(role)) {
                throw RcException.invalid("error-user-already-" + role, "User is already " + article(role) + " " + role);
            }
            if (!add && !roles.contains(role)) {
                throw RcException.invalid("error-user-not-" + role, "User is not " + article(role) + " " + role);
            }
            if (!add && role.equals(MemberRoles.OWNER)
                    && state.roles().stream().filter(r -> r.roles().contains(MemberRoles.OWNER)).count() == 1) {
                throw RcException.invalid("error-remove-last-owner",
                        "This is the last owner. Please set a new owner before removing this one.");
            }
            if (add) {
                roles.add(role);
            } else {
                roles.remove(role);
            }
            List<MemberRoles> all = new ArrayList<>(state.roles().stream().filter(r -> !r.userId().equals(target.id())).toList());
            all.add(new MemberRoles(m.userId(), m.username(), m.userFullName(), roles));
            changes.apply(h, current, new RoomState(state.settings(), all), caller, nextVersion(h, current), clock.millis(), after);
            events.record(h, after);
        });
        log.info("{} {} {} as {} of room {} ({})", caller.username(), add ? "set" : "unset", target.username(), role,
                room.name(), room.id());
        events.publishAll(after);
    }

    /** {@code *.roles}: the members with a role, for anyone who may read the room. */
    public List<MemberRoles> roles(Room room) {
        return jdbi.withHandle(h -> changes.stateOf(h, room).roles());
    }

    /**
     * The state's next version: the clock, but always after the one before, so a peer that has a
     * newer state never takes an older one, and two changes in one millisecond stay apart.
     */
    private long nextVersion(Handle h, Room room) {
        Long last = h.attach(RoomDao.class).settingsAt(room.id());
        long now = clock.millis();
        return last == null ? now : Math.max(now, last + 1);
    }

    private Membership requireRight(User caller, Room room, String reason, Predicate<Membership> right) {
        return requireRight(caller, room, reason, right, "error-action-not-allowed");
    }

    /** The caller's membership (null for an admin who is not a member), when they hold the right. */
    private Membership requireRight(User caller, Room room, String reason, Predicate<Membership> right,
                                    String errorType) {
        Membership m = jdbi.withExtension(SubscriptionDao.class, d -> d.find(room.id(), caller.id())).orElse(null);
        if (caller.isAdmin() || (m != null && right.test(m))) {
            return m;
        }
        throw RcException.invalid(errorType, reason);
    }

    private static void checkLength(String field, String text) {
        if (text != null && text.length() > RoomSettings.MAX_TEXT) {
            throw RcException.invalidParams("'" + field + "' is " + text.length() + " characters long; at most "
                    + RoomSettings.MAX_TEXT + " are kept");
        }
    }

    private static String blankIsUnset(String text) {
        return text.isEmpty() ? null : text;
    }

    private static String article(String role) {
        return role.equals(MemberRoles.OWNER) ? "an" : "a";
    }
}
