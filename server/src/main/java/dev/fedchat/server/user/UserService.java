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

/** Registers, creates and finds users. Thread-safe (stateless over the database). */
public final class UserService {
    private static final Logger log = LoggerFactory.getLogger(UserService.class);
    /** Rocket.Chat's default {@code UTF8_User_Names_Validation}. */
    private static final Pattern USERNAME = Pattern.compile("[0-9a-zA-Z-_.]{1,64}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    /** The widths of the {@code users.name} and {@code users.email} columns; 320 is RFC 5321's limit for an address. */
    private static final int MAX_NAME_LENGTH = 255;
    private static final int MAX_EMAIL_LENGTH = 320;

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
                String.join(",", roles), request.active(), now, now);
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

    public List<User> search(String text, int count, int offset) {
        return jdbi.onDemand(UserDao.class).search(Like.contains(text), count, offset);
    }

    public long countSearch(String text) {
        return jdbi.onDemand(UserDao.class).countSearch(Like.contains(text));
    }

    private static String stripAt(String username) {
        return username != null && username.startsWith("@") ? username.substring(1) : username;
    }

    private static void validate(NewUser r) {
        if (r.username() == null || !USERNAME.matcher(r.username()).matches()) {
            throw RcException.invalid("error-invalid-username",
                    "Username can contain only letters, digits, '-', '_' and '.' (1 to 64 characters): " + r.username());
        }
        if (r.email() != null && (r.email().length() > MAX_EMAIL_LENGTH || !EMAIL.matcher(r.email()).matches())) {
            throw RcException.invalid("error-invalid-email", "Invalid email " + r.email());
        }
        if (r.name() != null && r.name().length() > MAX_NAME_LENGTH) {
            throw RcException.invalidParams("The name may have at most " + MAX_NAME_LENGTH + " characters");
        }
        if (r.password() == null || r.password().isEmpty()) {
            throw RcException.invalidParams("A password is required");
        }
    }

    private static RcException fieldUnavailable(String value) {
        return RcException.invalid("error-field-unavailable", value + " is already in use :(");
    }
}
