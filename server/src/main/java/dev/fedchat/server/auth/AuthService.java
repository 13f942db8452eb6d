package dev.fedchat.server.auth;

import dev.fedchat.server.Ids;
import dev.fedchat.server.events.ChatEvent;
import dev.fedchat.server.events.LocalEvents;
import dev.fedchat.server.user.Passwords;
import dev.fedchat.server.user.User;
import dev.fedchat.server.user.UserService;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs users in and out and authenticates requests by (user id, token). One token is issued per
 * login and is valid on REST and DDP alike; only its hash is stored. Thread-safe.
 */
public final class AuthService {
    private static final Logger log = LoggerFactory.getLogger(AuthService.class);
    /** Meteor's default login expiration. */
    public static final Duration TOKEN_LIFETIME = Duration.ofDays(90);
    private static final int TOKEN_LENGTH = 43;

    private final Jdbi jdbi;
    private final Clock clock;
    private final Ids ids;
    private final UserService users;
    private final LoginRateLimiter limiter;
    private final LocalEvents events;

    public AuthService(Jdbi jdbi, Clock clock, Ids ids, UserService users, LoginRateLimiter limiter, LocalEvents events) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.ids = ids;
        this.users = users;
        this.limiter = limiter;
        this.events = events;
    }

    /** A successful login: the user and the token to present from now on. */
    public record Login(User user, String token, long expiresAt, boolean resumed) {}

    /**
     * Logs in; {@code clientAddress} feeds the rate limiter.
     *
     * @throws LoginFailedException   wrong user, password or token
     * @throws dev.fedchat.server.error.RcException 429 when too many attempts failed recently
     */
    public Login login(Credentials credentials, String clientAddress) {
        if (credentials instanceof Credentials.Resume r) {
            return resume(r.token(), clientAddress);
        }
        return password((Credentials.Password) credentials, clientAddress);
    }

    private Login password(Credentials.Password p, String address) {
        String userKey = User.key(p.identifier());
        limiter.check(address, userKey);
        Optional<User> found = p.by() == Credentials.By.EMAIL ? users.byEmail(p.identifier()) : users.byUsername(p.identifier());
        if (found.isEmpty() || !found.get().canLogIn()) {
            limiter.recordFailure(address, userKey);
            throw new LoginFailedException("User not found");
        }
        if (!Passwords.matchesDigest(p.digest(), found.get().passwordHash())) {
            limiter.recordFailure(address, userKey);
            log.info("Failed login for user {}: incorrect password", found.get().username());
            throw new LoginFailedException("Incorrect password");
        }
        return issue(found.get());
    }

    private Login resume(String token, String address) {
        limiter.check(address, null);
        Optional<User> user = authenticateToken(token);
        if (user.isEmpty()) {
            limiter.recordFailure(address, null);
            throw new LoginFailedException("You've been logged out by the server. Please log in again.");
        }
        return new Login(user.get(), token, clock.millis() + TOKEN_LIFETIME.toMillis(), true);
    }

    private Login issue(User user) {
        String token = ids.secret(TOKEN_LENGTH);
        long now = clock.millis();
        jdbi.useExtension(LoginTokenDao.class, dao -> dao.insert(LoginTokens.hash(token), user.id(), now));
        return new Login(user, token, now + TOKEN_LIFETIME.toMillis(), false);
    }

    /** The user who holds {@code token}, if it is a live token of {@code userId}. */
    public Optional<User> authenticate(String userId, String token) {
        if (userId == null || token == null) {
            return Optional.empty();
        }
        return authenticateToken(token).filter(u -> u.id().equals(userId));
    }

    private Optional<User> authenticateToken(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        long issuedAfter = clock.millis() - TOKEN_LIFETIME.toMillis();
        return jdbi.withExtension(LoginTokenDao.class, dao -> dao.userOf(LoginTokens.hash(token), issuedAfter))
                .filter(User::active);
    }

    /**
     * Revokes every token of {@code userId} but {@code keptToken} (null: all) and ends the
     * connections that used them, after commit: a deactivated or deleted user is logged out
     * everywhere, a changed password ends the other sessions (Meteor's removeOtherTokens).
     */
    public void revokeAll(String userId, String keptToken) {
        String keptHash = keptToken == null ? null : LoginTokens.hash(keptToken);
        int revoked = jdbi.withExtension(LoginTokenDao.class, dao -> dao.deleteAllBut(userId, keptHash));
        log.info("Revoked {} login tokens of user {}{}", revoked, userId, keptToken == null ? "" : " (all but the current one)");
        events.publish(new ChatEvent.SessionsRevoked(userId, keptToken));
    }

    /** Revokes only the presented token; connections that logged in with it are told after commit. */
    public void logout(User user, String token) {
        int revoked = jdbi.withExtension(LoginTokenDao.class, dao -> dao.delete(LoginTokens.hash(token)));
        if (revoked > 0) {
            events.publish(new ChatEvent.LoggedOut(user.id(), token));
        }
    }
}
