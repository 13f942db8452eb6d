package dev.fedchat.server.user;

import dev.fedchat.server.Ids;
import dev.fedchat.server.db.Like;
import dev.fedchat.server.db.UniqueViolation;
import dev.fedchat.server.error.RcException;
import dev.fedchat.server.settings.Settings;
import dev.fedchat.server.settings.SettingsService;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers, creates and finds users, and stores the users of other servers that federation
 * imports ({@link #saveRemote}). Thread-safe (stateless over the database).
 */
public final class UserService {
    private static final Logger log = LoggerFactory.getLogger(UserService.class);
    /** Rocket.Chat's default {@code UTF8_User_Names_Validation}. */
    private static final Pattern USERNAME = Pattern.compile("[0-9a-zA-Z-_.]{1,64}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    /** The widths of the {@code users.name} and {@code users.email} columns; 320 is RFC 5321's limit for an address. */
    private static final int MAX_NAME_LENGTH = 255;
    private static final int MAX_EMAIL_LENGTH = 320;
    /** The most local users one peer lookup may match; exact matches, so only shared display names come near it. */
    public static final int MAX_PEER_MATCHES = 20;
    /** The most users {@link #withRole} lists. */
    public static final int MAX_ROLE_HOLDERS = 500;

    private final Jdbi jdbi;
    private final Clock clock;
    private final Ids ids;
    private final SettingsService settings;

    public UserService(Jdbi jdbi, Clock clock, Ids ids, SettingsService settings) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.ids = ids;
        this.settings = settings;
    }

    /** What a new user needs; {@code roles} empty means {@code user}. */
    public record NewUser(String username, String email, String password, String name, List<String> roles, boolean active) {}

    /** Self-signup ({@code users.register}), governed by {@code Accounts_RegistrationForm}. */
    public User register(NewUser request, String secret) {
        String form = settings.string(Settings.REGISTRATION_FORM);
        if (form.equals("Disabled")) {
            throw RcException.invalid("error-user-registration-disabled", "User registration is disabled");
        }
        if (form.equals("Secret URL")) {
            String expected = settings.string(Settings.REGISTRATION_SECRET);
            if (expected.isEmpty() || !expected.equals(secret)) {
                throw RcException.invalid("error-user-registration-secret", "User registration is only allowed via Secret URL");
            }
        }
        return create(new NewUser(request.username(), request.email(), request.password(), request.name(),
                List.of(User.ROLE_USER), true));
    }

    /** An admin's {@code users.create}, and the bootstrap admin. */
    public User create(NewUser request) {
        validate(request);
        long now = clock.millis();
        List<String> roles = request.roles().isEmpty() ? List.of(User.ROLE_USER) : request.roles();
        String name = request.name() == null || request.name().isBlank() ? request.username() : request.name();
        User user = new User(ids.next(), request.username(), User.key(request.username()), name,
                request.email(), User.key(request.email()), Passwords.hash(request.password()),
                String.join(",", roles), request.active(), now, now, null, null);
        try {
            jdbi.useTransaction(h -> {
                UserDao users = h.attach(UserDao.class);
                if (users.byUsernameKey(user.usernameKey()).isPresent()) {
                    throw fieldUnavailable(request.username());
                }
                if (user.emailKey() != null && users.byEmailKey(user.emailKey()).isPresent()) {
                    throw fieldUnavailable(request.email());
                }
                users.insert(user);
            });
        } catch (RuntimeException e) {
            // two sign-ups for the same name at once: the database's constraint picked the winner
            throw UniqueViolation.causedBy(e) ? fieldUnavailable(request.username()) : e;
        }
        log.info("Created user {} ({})", user.username(), user.id());
        return user;
    }

    /** Creates the first admin when the database has no user yet; does nothing otherwise. */
    public void ensureFirstAdmin(String username, String password, String email) {
        if (jdbi.onDemand(UserDao.class).count() > 0) {
            return;
        }
        User admin = create(new NewUser(username, email, password, "Administrator",
                List.of(User.ROLE_USER, User.ROLE_ADMIN), true));
        log.info("No user existed: created the first admin '{}' from ADMIN_USERNAME", admin.username());
    }

    public Optional<User> byId(String id) {
        return jdbi.onDemand(UserDao.class).byId(id);
    }

    public Optional<User> byUsername(String username) {
        return jdbi.onDemand(UserDao.class).byUsernameKey(User.key(stripAt(username)));
    }

    public Optional<User> byEmail(String email) {
        return jdbi.onDemand(UserDao.class).byEmailKey(User.key(email));
    }

    public User requireByUsername(String username) {
        return byUsername(username).orElseThrow(() -> RcException.invalid("error-invalid-user", "Invalid user"));
    }

    public User requireById(String id) {
        return byId(id).orElseThrow(() -> RcException.invalid("error-invalid-user", "Invalid user"));
    }

    /** Active users in {@code scope} whose username or name contains {@code text}. */
    /** One page of every user by username, for an admin's list. */
    public List<User> list(int count, int offset) {
        return jdbi.onDemand(UserDao.class).page(count, offset);
    }

    public long count() {
        return jdbi.onDemand(UserDao.class).count();
    }

    /**
     * Active users holding global role {@code role} (a role name has no comma), at most
     * {@value #MAX_ROLE_HOLDERS}: Rocket.Chat lists every holder, a cap keeps one answer bounded.
     */
    public List<User> withRole(String role) {
        return jdbi.onDemand(UserDao.class).withRole("%," + role + ",%", MAX_ROLE_HOLDERS);
    }

    public List<User> search(String text, UserScope scope, int count, int offset) {
        return jdbi.onDemand(UserDao.class).search(Like.contains(text), scope.wire(), count, offset);
    }

    public long countSearch(String text, UserScope scope) {
        return jdbi.onDemand(UserDao.class).countSearch(Like.contains(text), scope.wire());
    }

    /**
     * The active local users a peer may find by {@code text}: username equal ignoring case, or
     * display name exactly equal. Never by e-mail (Rocket.Chat matched {@code u@d} against real
     * addresses, which let anyone probe for them), never a remote user, never more than
     * {@link #MAX_PEER_MATCHES}.
     */
    public List<User> findLocalExactly(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return jdbi.onDemand(UserDao.class).localByUsernameOrName(User.key(text), text, MAX_PEER_MATCHES);
    }

    /**
     * The local users a peer's search finds by {@code text}, as {@link #findLocalExactly} but
     * deactivated users included: peers see them with {@code active: false}.
     */
    public List<User> findLocalForPeers(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return jdbi.onDemand(UserDao.class).localByUsernameOrNameAnyState(User.key(text), text, MAX_PEER_MATCHES);
    }

    /**
     * Stores a user of another server, or refreshes the copy stored before (same id): its
     * username and name follow what its home server says. Refused when the id belongs to a local
     * user or to a user of another origin, or when the username is taken by another id (the
     * remote user was deleted and re-created there, say): ids are shared with peers, so one of
     * them may not take over another's user.
     */
    public User saveRemote(RemoteProfile profile) {
        try {
            return jdbi.inTransaction(h -> saveRemote(h.attach(UserDao.class), profile));
        } catch (RuntimeException e) {
            if (!UniqueViolation.causedBy(e)) {
                throw e;
            }
            // the same user imported twice at once: the other import stored it, refresh that copy
            return jdbi.inTransaction(h -> saveRemote(h.attach(UserDao.class), profile));
        }
    }

    private User saveRemote(UserDao users, RemoteProfile p) {
        long now = clock.millis();
        String key = User.key(p.username());
        Optional<User> taken = users.byUsernameKey(key).filter(u -> !u.id().equals(p.id()));
        if (taken.isPresent()) {
            throw remoteConflict(p, "the username is already used by the user " + taken.get().id());
        }
        Optional<User> stored = users.byId(p.id());
        if (stored.isEmpty()) {
            User user = p.asUser(now);
            users.insert(user);
            log.info("Imported user {} ({}) of {}", user.username(), user.id(), user.federationOrigin());
            return user;
        }
        User before = stored.get();
        if (!p.origin().equals(before.federationOrigin())) {
            throw remoteConflict(p, "the id belongs to " + (before.isRemote() ? "a user of " + before.federationOrigin()
                    : "a user of this server"));
        }
        if (before.username().equals(p.username()) && before.name().equals(p.name()) && before.active() == p.active()) {
            return before;
        }
        users.updateRemote(p.id(), p.username(), key, p.name(), p.active(), now);
        log.info("Updated user {} ({}) of {}: was {} ({})", p.username(), p.id(), p.origin(), before.username(), before.name());
        return new User(before.id(), p.username(), key, p.name(), before.email(), before.emailKey(), before.passwordHash(),
                before.roles(), p.active(), before.createdAt(), now, before.federationOrigin(), before.avatarEtag());
    }

    private static RcException remoteConflict(RemoteProfile p, String why) {
        return RcException.invalid("error-federation-user-conflict",
                "Cannot store " + p.username() + " (" + p.id() + ") of " + p.origin() + ": " + why);
    }

    private static String stripAt(String username) {
        return username != null && username.startsWith("@") ? username.substring(1) : username;
    }

    private static void validate(NewUser r) {
        checkUsername(r.username());
        if (r.email() != null) {
            checkEmail(r.email());
        }
        if (r.name() != null) {
            checkName(r.name());
        }
        if (r.password() == null || r.password().isEmpty()) {
            throw RcException.invalidParams("A password is required");
        }
    }

    /** A local username as Rocket.Chat's default validation takes it, never {@code user@domain}. */
    public static void checkUsername(String username) {
        if (username != null && username.contains("@")) {
            // user@domain names the users of other servers (federation-protocol.md §8.1): a local
            // account must not be able to pass itself off as one
            throw RcException.invalid("error-invalid-username",
                    "A username cannot contain '@': user@domain is how users of other servers are named: " + username);
        }
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw RcException.invalid("error-invalid-username",
                    "Username can contain only letters, digits, '-', '_' and '.' (1 to 64 characters): " + username);
        }
    }

    public static void checkEmail(String email) {
        if (email.length() > MAX_EMAIL_LENGTH || !EMAIL.matcher(email).matches()) {
            throw RcException.invalid("error-invalid-email", "Invalid email " + email);
        }
    }

    public static void checkName(String name) {
        if (name.length() > MAX_NAME_LENGTH) {
            throw RcException.invalidParams("The name may have at most " + MAX_NAME_LENGTH + " characters");
        }
    }

    /** Rocket.Chat's answer when a username or e-mail is taken. */
    public static RcException fieldUnavailable(String value) {
        return RcException.invalid("error-field-unavailable", value + " is already in use :(");
    }
}
