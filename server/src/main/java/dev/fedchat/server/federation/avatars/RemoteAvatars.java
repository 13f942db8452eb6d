package dev.fedchat.server.federation.avatars;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.fedchat.protocol.discovery.Peer;
import dev.fedchat.protocol.discovery.PeerCache;
import dev.fedchat.protocol.discovery.PeerNotFoundException;
import dev.fedchat.server.avatar.AvatarImages;
import dev.fedchat.server.avatar.AvatarService;
import dev.fedchat.server.avatar.InvalidImageException;
import dev.fedchat.server.avatar.RemoteAvatarSource;
import dev.fedchat.server.user.User;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Other servers' users' pictures, fetched once from their home server and kept here
 * (Rocket.Chat #13762 left remote avatars as broken links).
 *
 * <p><b>When.</b> A page view of a remote user's avatar calls {@link #wanted}, which returns at
 * once. It starts a fetch only when none is running for that user and the user's
 * {@code remote_avatar_checks} row says one is due: never asked, {@link #REFRESH} after a success,
 * or after a failure a wait that doubles from {@link #FIRST_RETRY} to {@link #REFRESH}. The time
 * due is kept in memory too, so a page view costs no database read once it is known. Until a
 * picture arrives, and whenever the home server has none or fails, the initials are served.
 *
 * <p><b>What.</b> {@code GET <peer URL>/avatar/<name>?size=512}, the peer's Site URL as discovery
 * gives it ({@link PeerCache}, as every federation call finds its peer), without credentials or
 * redirects. The answer must come within {@link #TIMEOUT} (headers and body together: a peer that
 * sends slowly is cut off), be at most {@link #MAX_BYTES}, and be a PNG, JPEG or GIF that
 * {@link AvatarImages} accepts; it is then re-encoded like an upload. An SVG or a 404 means the
 * user has no picture there (their initials; a copy kept before is dropped). Anything else is a
 * failure: logged with the peer and the reason, kept in {@code last_error}, retried later.
 *
 * <p><b>Threads.</b> Fetches run on {@link #THREADS} daemon threads with a queue of
 * {@link #QUEUE}; a view that finds the queue full starts nothing (a later view will). Thread-safe.
 */
public final class RemoteAvatars implements RemoteAvatarSource, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RemoteAvatars.class);
    static final long MAX_BYTES = 1024 * 1024;
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    static final Duration REFRESH = Duration.ofHours(24);
    static final Duration FIRST_RETRY = Duration.ofMinutes(10);
    private static final int THREADS = 2;
    private static final int QUEUE = 100;
    private static final int MAX_ERROR_LENGTH = 500;

    private final PeerCache peers;
    private final AvatarService avatars;
    private final Jdbi jdbi;
    private final Clock clock;
    private final BooleanSupplier enabled;
    private final HttpClient http;
    /** User id → when a fetch is due (epoch ms), as in the database; bounded, reread on a miss. */
    private final Cache<String, Long> due = Caffeine.newBuilder().maximumSize(10_000).build();
    /** Users whose fetch is queued or running: one at a time per user. */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final ThreadPoolExecutor pool;
    /** Closes a body that is still arriving when the time is up. */
    private final ScheduledExecutorService watchdog;

    public RemoteAvatars(PeerCache peers, AvatarService avatars, Jdbi jdbi, Clock clock, BooleanSupplier federationEnabled) {
        this.peers = peers;
        this.avatars = avatars;
        this.jdbi = jdbi;
        this.clock = clock;
        this.enabled = federationEnabled;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.pool = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
                r -> daemon(r, "remote-avatars"));
        pool.allowCoreThreadTimeOut(true);
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "remote-avatars-deadline"));
    }

    @Override
    public void wanted(User user) {
        if (!user.isRemote() || !enabled.getAsBoolean()) {
            return;
        }
        long dueAt = due.get(user.id(), id -> jdbi.withExtension(AvatarCheckDao.class, dao -> dao.nextCheckAt(id)).orElse(0L));
        if (dueAt > clock.millis() || !inFlight.add(user.id())) {
            return;
        }
        try {
            pool.execute(() -> fetch(user));
        } catch (RejectedExecutionException e) {
            inFlight.remove(user.id());
            log.debug("Avatar of {} not fetched now: {} fetches are waiting", user.username(), QUEUE);
        }
    }

    /** Fetches {@code user}'s picture now, on the caller's thread, and records the outcome. */
    void fetch(User user) {
        try {
            byte[] png = download(user);
            avatars.storeFetched(user, png);
            record(user, null);
            log.info("Fetched the avatar of {} from {}: {}", user.username(), user.federationOrigin(),
                    png == null ? "none there, initials shown" : png.length + " bytes as PNG");
        } catch (AvatarFetchException e) {
            log.warn("Could not fetch the avatar of {}; initials shown until a later try: {}", user.username(), e.getMessage());
            record(user, e.getMessage());
        } catch (RuntimeException e) {
            log.error("Fetching the avatar of {} failed", user.username(), e);
            record(user, String.valueOf(e));
        } finally {
            inFlight.remove(user.id());
        }
    }

    /** The picture as this server keeps it, or null when the home server has none. */
    private byte[] download(User user) throws AvatarFetchException {
        Peer peer;
        try {
            peer = peers.find(user.federationOrigin());
        } catch (PeerNotFoundException e) {
            throw new AvatarFetchException(user.federationOrigin() + " was not found: " + e.getMessage());
        }
        String name = user.username().substring(0, user.username().lastIndexOf('@'));
        URI uri = URI.create(peer.url().toString().replaceAll("/+$", "") + "/avatar/"
                + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20") + "?size=" + AvatarImages.STORED_SIDE);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .header("Accept", "image/png, image/jpeg, image/gif, image/svg+xml;q=0.1").GET().build();
        long deadline = clock.millis() + TIMEOUT.toMillis();
        HttpResponse<InputStream> response = send(request);
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            String type = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
            if (status == 404 || (status == 200 && type.startsWith("image/svg+xml"))) {
                return null;
            }
            if (status != 200) {
                throw new AvatarFetchException("GET " + uri + " answered HTTP " + status);
            }
            if (!(type.startsWith("image/png") || type.startsWith("image/jpeg") || type.startsWith("image/gif"))) {
                throw new AvatarFetchException("GET " + uri + " answered '" + excerpt(type) + "', not a PNG, JPEG or GIF picture");
            }
            byte[] bytes = readBounded(body, deadline, uri);
            try {
                return AvatarImages.normalize(bytes);
            } catch (InvalidImageException e) {
                throw new AvatarFetchException("GET " + uri + " answered a picture this server does not accept: " + e.getMessage());
            }
        } catch (IOException e) {
            throw new AvatarFetchException("GET " + uri + ": " + e.getMessage());
        }
    }

    private HttpResponse<InputStream> send(HttpRequest request) throws AvatarFetchException {
        String what = "GET " + request.uri();
        try {
            return http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AvatarFetchException(what + ": no answer within " + TIMEOUT.toSeconds() + " s");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new AvatarFetchException(what + ": " + (cause.getMessage() == null ? cause.getClass().getSimpleName()
                    : cause.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AvatarFetchException(what + ": interrupted");
        }
    }

    /** At most {@link #MAX_BYTES}, all of it before {@code deadline}: the stream is closed under a slow sender. */
    private byte[] readBounded(InputStream body, long deadline, URI uri) throws AvatarFetchException {
        long left = Math.max(1, deadline - clock.millis());
        ScheduledFuture<?> cut = watchdog.schedule(() -> closeQuietly(body), left, TimeUnit.MILLISECONDS);
        try {
            byte[] bytes = body.readNBytes((int) MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new AvatarFetchException("GET " + uri + " answered more than " + MAX_BYTES + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new AvatarFetchException("GET " + uri + ": the picture did not arrive whole within "
                    + TIMEOUT.toSeconds() + " s (" + e.getMessage() + ")");
        } finally {
            cut.cancel(false);
        }
    }

    /** A success ({@code error} null) makes the next fetch due in a day, a failure sooner, doubling. */
    private void record(User user, String error) {
        long now = clock.millis();
        String why = error == null ? null : excerpt(error, MAX_ERROR_LENGTH);
        long next = jdbi.inTransaction(h -> {
            AvatarCheckDao dao = h.attach(AvatarCheckDao.class);
            int failures = error == null ? 0 : dao.failures(user.id()).orElse(0) + 1;
            long wait = error == null ? REFRESH.toMillis()
                    : Math.min(REFRESH.toMillis(), FIRST_RETRY.toMillis() << Math.min(failures - 1, 20));
            // one fetch per user at a time here, so no other writer races this row on this server
            if (dao.update(user.id(), now, now + wait, failures, why) == 0) {
                dao.insert(user.id(), now, now + wait, failures, why);
            }
            return now + wait;
        });
        due.put(user.id(), next);
    }

    @Override
    public void close() {
        pool.shutdownNow();
        watchdog.shutdownNow();
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // the reader sees the close as an IOException and reports the time-out; nothing else to do
        }
    }

    private static String excerpt(String text) {
        return excerpt(text, 80);
    }

    private static String excerpt(String text, int max) {
        return text.length() > max ? text.substring(0, max) + "…" : text;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
