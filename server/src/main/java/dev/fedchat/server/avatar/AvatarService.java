package dev.fedchat.server.avatar;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.fedchat.server.error.RcException;
import dev.fedchat.server.events.ChatEvent;
import dev.fedchat.server.events.LocalEvents;
import dev.fedchat.server.user.User;
import dev.fedchat.server.user.UserService;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users' pictures: set, reset, and served at the size and in the format a client asks.
 *
 * <p>A local user's picture is set by that user or an admin, never for a remote user (their home
 * server owns it). A remote user's picture is the copy fetched from their home server
 * ({@link #storeFetched}, through {@link RemoteAvatarSource}); until it arrives, and whenever the
 * home server has none or fails, the initials are served. Pictures live in {@code user_avatars},
 * changed in one transaction with {@code users.avatar_etag} so the tag clients see and the bytes
 * served always agree.
 *
 * <p>Thread-safe (stateless over the database).
 */
public final class AvatarService {
    private static final Logger log = LoggerFactory.getLogger(AvatarService.class);
    private static final long RENDERED_CACHE_BYTES = 32L * 1024 * 1024;

    private final Jdbi jdbi;
    private final Clock clock;
    private final UserService users;
    private final LocalEvents events;
    private volatile RemoteAvatarSource remote = RemoteAvatarSource.NONE;
    /**
     * Rendered answers by their tag: rendering a 200 px PNG costs 10-40 ms, a page shows dozens of
     * avatars, and a tag names its bytes for good (a new picture has a new tag), so nothing here
     * is ever stale. Bounded by bytes.
     */
    private final Cache<String, Served> rendered = Caffeine.newBuilder().maximumWeight(RENDERED_CACHE_BYTES)
            .weigher((String key, Served served) -> served.bytes().length + key.length()).build();

    public AvatarService(Jdbi jdbi, Clock clock, UserService users, LocalEvents events) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.users = users;
        this.events = events;
    }

    /** Set once at wiring: federation is built after this service, and fetches through it. */
    public void fetchRemoteFrom(RemoteAvatarSource source) {
        this.remote = source;
    }

    /** What {@code /avatar/...} answers: bytes, their type, and a tag for {@code ETag}. */
    public record Served(byte[] bytes, String contentType, String etag) {}

    /**
     * The avatar of {@code username} ({@code bob@beta.test} for a remote user). An unknown name
     * gets its initials, as in Rocket.Chat; a name starting with {@code @} always gets initials.
     */
    public Served ofUsername(String username, int size, AvatarFormat format) {
        if (username.startsWith("@")) {
            return initials(username.substring(1), size, format);
        }
        Optional<User> user = users.byUsername(username);
        return user.map(u -> of(u, size, format)).orElseGet(() -> initials(username, size, format));
    }

    /** The avatar of a known user: their picture when they have one, else their initials. */
    public Served of(User user, int size, AvatarFormat format) {
        if (user.isRemote()) {
            remote.wanted(user);
        }
        if (user.avatarEtag() != null) {
            AvatarFormat out = format == AvatarFormat.JPEG ? AvatarFormat.JPEG : AvatarFormat.PNG;
            String etag = variant(user.avatarEtag(), size, out);
            Served cached = rendered.getIfPresent(etag);
            if (cached != null) {
                return cached;
            }
            Optional<StoredAvatar> stored = jdbi.withExtension(AvatarDao.class, dao -> dao.byUser(user.id()));
            if (stored.isPresent()) {
                Served served = new Served(AvatarImages.render(stored.get().image(), size, out), out.contentType(),
                        variant(stored.get().etag(), size, out));
                rendered.put(served.etag(), served);
                return served;
            }
        }
        return initials(user.username(), size, format);
    }

    /** The initials of any name: a room's, say. */
    public Served initials(String name, int size, AvatarFormat format) {
        Initials initials = Initials.of(name);
        String etag = variant("i-" + digest((initials.letter() + initials.color()).getBytes(StandardCharsets.UTF_8))
                .substring(0, 12), size, format);
        return rendered.get(etag, key -> new Served(initials.render(size, format), format.contentType(), key));
    }

    /** A picture's tag for one size and format: what {@code ETag} says, and the key of {@link #rendered}. */
    private static String variant(String etag, int size, AvatarFormat format) {
        return etag + "-" + size + "-" + format.name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * {@code actor} sets {@code target}'s picture ({@code users.setAvatar}). Refused, with nothing
     * changed, for another user unless {@code actor} is an admin, for a remote user, and for bytes
     * that are not an accepted picture ({@link AvatarImages}).
     *
     * @return the new {@code avatarETag}
     */
    public String set(User actor, User target, byte[] bytes) {
        requireMayChange(actor, target);
        byte[] png;
        try {
            png = AvatarImages.normalize(bytes);
        } catch (InvalidImageException e) {
            throw RcException.invalid("error-invalid-image", "Invalid image: " + e.getMessage());
        }
        String etag = store(target.id(), png);
        log.info("{} set the avatar of {} ({} bytes as PNG)", actor.username(), target.username(), png.length);
        return etag;
    }

    /** {@code actor} puts {@code target} back to their initials ({@code users.resetAvatar}). */
    public void reset(User actor, User target) {
        requireMayChange(actor, target);
        remove(target);
        log.info("{} reset the avatar of {}", actor.username(), target.username());
    }

    /** A remote user's picture as fetched from their home server (already normalised), or null: they have none. */
    public void storeFetched(User remoteUser, byte[] png) {
        if (!remoteUser.isRemote()) {
            throw new IllegalArgumentException("only a remote user's avatar is fetched: " + remoteUser.username());
        }
        if (png == null) {
            if (remoteUser.avatarEtag() != null) {
                remove(remoteUser);
            }
            return;
        }
        if (!etagOf(png).equals(remoteUser.avatarEtag())) {
            store(remoteUser.id(), png);
        }
    }

    private static String etagOf(byte[] png) {
        return digest(png).substring(0, 32);
    }

    private String store(String userId, byte[] png) {
        String etag = etagOf(png);
        long now = clock.millis();
        jdbi.useTransaction(h -> {
            AvatarDao dao = h.attach(AvatarDao.class);
            dao.delete(userId);
            dao.insert(userId, etag, png, now);
            dao.setEtag(userId, etag, now);
        });
        events.publish(new ChatEvent.AvatarChanged(users.requireById(userId)));
        return etag;
    }

    private void remove(User target) {
        long now = clock.millis();
        jdbi.useTransaction(h -> {
            AvatarDao dao = h.attach(AvatarDao.class);
            dao.delete(target.id());
            dao.setEtag(target.id(), null, now);
        });
        events.publish(new ChatEvent.AvatarChanged(users.requireById(target.id())));
    }

    private static void requireMayChange(User actor, User target) {
        if (target.isRemote()) {
            throw RcException.notAllowed("The avatar of " + target.username() + " is set by their own server");
        }
        if (!actor.id().equals(target.id()) && !actor.isAdmin()) {
            throw RcException.notAllowed("Not allowed");
        }
    }

    private static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
