package dev.fedchat.server.auth;

import dev.fedchat.server.db.UniqueViolation;
import dev.fedchat.server.error.RcException;
import dev.fedchat.server.message.MessageService;
import dev.fedchat.server.room.Membership;
import dev.fedchat.server.room.RoomService;
import dev.fedchat.server.user.Passwords;
import dev.fedchat.server.user.User;
import dev.fedchat.server.user.UserDao;
import dev.fedchat.server.user.UserService;
import java.time.Clock;
import java.util.List;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes to local accounts (Rocket.Chat's saveUserProfile, saveUser, setUserActiveStatus,
 * deleteUser): a user's own profile, and what an admin does to any local user. A remote user is
 * never changed here (their home server owns them): every method refuses one.
 *
 * <p><b>Rules kept.</b>
 * <ul>
 *   <li>A new e-mail or password needs the current password, sent as its SHA-256 hex digest as
 *       Rocket.Chat's clients do ({@code totp-required} without it, {@code totp-invalid} when wrong,
 *       the errors of its two-factor password check). A changed password ends every other session.</li>
 *   <li>A username changes only for a user in no room shared with other servers: those servers
 *       know them as {@code alice@alpha.test}, and the legacy protocol has no rename event, so a
 *       rename would orphan their copy. Otherwise the messages and owned rooms follow it.</li>
 *   <li>The last active admin can be neither deactivated, demoted nor deleted.</li>
 *   <li>A deactivated user cannot log in; their tokens are revoked and their connections end;
 *       peers see them with {@code active: false}.</li>
 *   <li>Deleting a user does what Rocket.Chat does by default ({@code Message_ErasureType} =
 *       Delete): their messages are deleted (each through {@link MessageService#delete}, so clients
 *       see it), their direct conversations are deleted, their memberships, tokens and picture go
 *       with the user row. A user in a room shared with other servers cannot be deleted (deactivate
 *       them instead): those servers keep their messages and know their id.</li>
 * </ul>
 * Each change is checked whole before anything is written, and written in one transaction; a
 * refused request changes nothing. Thread-safe (stateless over the database).
 */
public final class AccountService {
    private static final Logger log = LoggerFactory.getLogger(AccountService.class);
    private static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    private final Jdbi jdbi;
    private final Clock clock;
    private final UserService users;
    private final AuthService auth;
    private final RoomService rooms;
    private final MessageService messages;

    public AccountService(Jdbi jdbi, Clock clock, UserService users, AuthService auth, RoomService rooms,
                          MessageService messages) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.users = users;
        this.auth = auth;
        this.rooms = rooms;
        this.messages = messages;
    }

    /** {@code users.updateOwnBasicInfo}'s {@code data}; null fields are left as they are. */
    public record BasicInfo(String name, String email, String username, String currentPasswordDigest, String newPassword) {}

    /** An admin's {@code users.update} {@code data}; null fields are left as they are. */
    public record Changes(String name, String email, String username, String password, List<String> roles, Boolean active) {}

    /** The caller changes their own profile; {@code callerToken} is the session kept when the password changes. */
    public User updateOwn(User caller, String callerToken, BasicInfo info) {
        User before = requireLocal(caller.id());
        boolean sensitive = changes(info.email(), before.email()) || info.newPassword() != null;
        if (sensitive) {
            if (info.currentPasswordDigest() == null || info.currentPasswordDigest().isBlank()) {
                throw RcException.invalid("totp-required", "TOTP Required");
            }
            if (before.passwordHash() == null
                    || !Passwords.matchesDigest(info.currentPasswordDigest().strip().toLowerCase(java.util.Locale.ROOT),
                    before.passwordHash())) {
                throw RcException.invalid("totp-invalid", "TOTP Invalid");
            }
        }
        if (info.newPassword() != null && before.passwordHash() != null && Passwords.matches(info.newPassword(), before.passwordHash())) {
            throw RcException.invalid("error-password-same-as-current", "Entered password same as current password");
        }
        User after = save(before, new Changes(info.name(), info.email(), info.username(), info.newPassword(), null, null));
        if (info.newPassword() != null) {
            auth.revokeAll(after.id(), callerToken);
        }
        return after;
    }

    /** An admin's {@code users.update}. */
    public User update(User admin, String userId, Changes changes) {
        requireAdmin(admin);
        User before = requireLocal(userId);
        User after = save(before, changes);
        if (changes.password() != null || (before.active() && !after.active())) {
            // Meteor's setPassword logs the user out everywhere; a deactivated user too
            auth.revokeAll(after.id(), null);
        }
        log.info("{} updated user {} ({})", admin.username(), after.username(), after.id());
        return after;
    }

    /** {@code users.setActiveStatus}. */
    public User setActive(User admin, String userId, boolean active) {
        requireAdmin(admin);
        User before = requireLocal(userId);
        User after = save(before, new Changes(null, null, null, null, null, active));
        if (before.active() && !active) {
            auth.revokeAll(after.id(), null);
        }
        log.info("{} {} user {} ({})", admin.username(), active ? "activated" : "deactivated", after.username(), after.id());
        return after;
    }

    /** {@code users.delete}. */
    public void delete(User admin, String userId) {
        requireAdmin(admin);
        User target = requireLocal(userId);
        if (target.isAdmin() && target.active() && jdbi.onDemand(UserDao.class).countActiveAdmins() <= 1) {
            throw lastAdmin();
        }
        if (jdbi.onDemand(AccountDao.class).federatedRooms(target.id()) > 0) {
            throw RcException.notAllowed(target.username() + " is in rooms shared with other servers, which keep their"
                    + " messages and know them by id: deactivate the user instead");
        }
        List<String> ids = jdbi.onDemand(AccountDao.class).messageIds(target.id());
        for (String id : ids) {
            try {
                messages.delete(admin, null, id);
            } catch (RcException gone) {
                // deleted meanwhile (with a room, say): nothing left to do for it
            }
        }
        for (Membership dm : rooms.membershipsOfType(target, "d")) {
            rooms.byId(dm.roomId()).ifPresent(room -> rooms.delete(admin, room));
        }
        auth.revokeAll(target.id(), null);
        jdbi.useExtension(UserDao.class, dao -> dao.deleteLocal(target.id()));
        log.info("{} deleted user {} ({}) with {} messages", admin.username(), target.username(), target.id(), ids.size());
    }

    /** Checks every change against the row as it is (locked), then writes them together. */
    private User save(User current, Changes c) {
        if (c.username() != null) {
            UserService.checkUsername(c.username());
        }
        if (c.email() != null) {
            UserService.checkEmail(c.email());
        }
        if (c.name() != null) {
            if (c.name().isBlank()) {
                throw RcException.invalid("error-the-field-is-required", "The field Name is required");
            }
            UserService.checkName(c.name());
        }
        if (c.password() != null && c.password().isBlank()) {
            throw RcException.invalidParams("The password cannot be empty");
        }
        if (c.roles() != null) {
            if (c.roles().isEmpty() || !c.roles().stream().allMatch(r -> ROLE.matcher(r).matches())) {
                throw RcException.invalid("error-invalid-role", "Roles must be names such as user or admin: " + c.roles());
            }
        }
        try {
            return jdbi.inTransaction(h -> write(h, current.id(), c));
        } catch (RuntimeException e) {
            if (UniqueViolation.causedBy(e)) {
                // a rename or new e-mail raced another: the database's constraint picked the winner
                throw UserService.fieldUnavailable(c.username() != null ? c.username() : c.email());
            }
            throw e;
        }
    }

    /** The changes applied to the locked row; a refusal rolls the whole change back. */
    private User write(Handle h, String userId, Changes c) {
        UserDao dao = h.attach(UserDao.class);
        User u = dao.lock(userId).orElseThrow(() -> RcException.invalid("error-invalid-user", "Invalid user"));
        String username = c.username() == null ? u.username() : c.username();
        boolean renamed = !username.equals(u.username());
        if (renamed) {
            if (!User.key(username).equals(u.usernameKey()) && dao.byUsernameKey(User.key(username)).isPresent()) {
                throw UserService.fieldUnavailable(username);
            }
            if (h.attach(AccountDao.class).federatedRooms(u.id()) > 0) {
                throw RcException.notAllowed("The username cannot change while " + u.username() + " is in rooms shared"
                        + " with other servers, which know them by that name");
            }
        }
        String email = c.email() == null ? u.email() : c.email().strip();
        if (c.email() != null && !User.key(email).equals(u.emailKey()) && dao.byEmailKey(User.key(email)).isPresent()) {
            throw UserService.fieldUnavailable(email);
        }
        User after = new User(u.id(), username, User.key(username), c.name() == null ? u.name() : c.name().strip(), email,
                User.key(email), c.password() == null ? u.passwordHash() : Passwords.hash(c.password()),
                c.roles() == null ? u.roles() : String.join(",", c.roles()), c.active() == null ? u.active() : c.active(),
                u.createdAt(), clock.millis(), null, u.avatarEtag());
        if (u.isAdmin() && u.active() && !(after.isAdmin() && after.active()) && dao.countActiveAdmins() <= 1) {
            throw lastAdmin();
        }
        dao.updateLocal(after);
        if (renamed) {
            AccountDao names = h.attach(AccountDao.class);
            names.renameAuthor(u.id(), username);
            names.renameOwner(u.id(), username);
            log.info("Renamed user {} to {} ({})", u.username(), username, u.id());
        }
        return after;
    }

    private static boolean changes(String wanted, String current) {
        return wanted != null && !wanted.equalsIgnoreCase(current == null ? "" : current);
    }

    private User requireLocal(String userId) {
        User user = users.requireById(userId);
        if (user.isRemote()) {
            throw RcException.notAllowed(user.username() + " is a user of " + user.federationOrigin()
                    + ": their profile is changed on their own server");
        }
        return user;
    }

    private static void requireAdmin(User caller) {
        if (!caller.isAdmin()) {
            throw RcException.forbidden();
        }
    }

    private static RcException lastAdmin() {
        return RcException.invalid("error-action-not-allowed", "Leaving the app without active admins is not allowed");
    }
}
