package dev.fedchat.server.federation.status;

import dev.fedchat.protocol.hub.HubClient;
import dev.fedchat.protocol.hub.HubException;
import dev.fedchat.server.federation.settings.FederationSettings;
import dev.fedchat.server.federation.settings.ServerKeys;
import dev.fedchat.server.settings.Settings;
import dev.fedchat.server.settings.SettingsService;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the federation status machine ({@link StatusTransitions}) from the settings: at
 * {@link #start()} from the stored values, then whenever {@code FEDERATION_Enabled},
 * {@code FEDERATION_Domain}, {@code FEDERATION_Discovery_Method}, {@code FEDERATION_Hub_URL} or
 * {@code Site_Url} is saved. Each step is written to {@code FEDERATION_Status} (and its reason to
 * {@code FEDERATION_Status_Reason}), logged at INFO and kept in {@link #recentTransitions()}.
 *
 * <p><b>Hub registration</b> runs on this service's own single thread, so an admin's settings
 * write never waits for the hub. Every evaluation starts a new generation; a registration
 * remembers the generation it belongs to, and its result is dropped when the settings changed
 * in the meantime (the newer evaluation has its own registration queued behind it).
 *
 * <p><b>A failed registration keeps {@code FEDERATION_Enabled} true</b>, unlike Rocket.Chat, which
 * switched it off (federation-protocol.md §5): the admin's intent stays recorded, the status says
 * {@code Disabled, could not register with Hub} with the hub's answer as the reason (never
 * {@code Running}), and saving any of the settings above again retries.
 *
 * <p>Threading: evaluations run on the thread that saved the setting (or called {@link #start()});
 * all state is guarded by {@code lock}. Transition listeners are called under that lock, in order;
 * they must be quick and must not block.
 */
public final class FederationStatusService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FederationStatusService.class);
    /** Enough history for an admin page and for tests; older steps are only in the log. */
    static final int TRANSITIONS_KEPT = 50;
    private static final Set<String> WATCHED = Set.of(FederationSettings.ENABLED, FederationSettings.DOMAIN,
            FederationSettings.DISCOVERY_METHOD, FederationSettings.HUB_URL, Settings.SITE_URL);

    private final SettingsService settings;
    private final HubClient hub;
    private final ServerKeys keys;
    private final Clock clock;
    private final ExecutorService registrations = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "federation-hub-registration");
        t.setDaemon(true);
        return t;
    });
    private final List<Consumer<StatusTransition>> listeners = new CopyOnWriteArrayList<>();

    private final Object lock = new Object();
    /** Guarded by lock. */
    private FederationStatus status;
    /** Guarded by lock. */
    private String reason;
    /** Guarded by lock: bumped by every evaluation and by close; a registration of an older one is stale. */
    private long generation;
    /** Guarded by lock. */
    private boolean closed;
    /** Guarded by lock: the newest last, at most {@link #TRANSITIONS_KEPT}. */
    private final Deque<StatusTransition> recent = new ArrayDeque<>();

    public FederationStatusService(SettingsService settings, HubClient hub, ServerKeys keys, Clock clock) {
        this.settings = settings;
        this.hub = hub;
        this.keys = keys;
        this.clock = clock;
        this.status = FederationStatus.fromWire(settings.string(FederationSettings.STATUS)).orElse(FederationStatus.DISABLED);
        this.reason = settings.string(FederationSettings.STATUS_REASON);
    }

    /**
     * Runs the machine from the stored settings (an enabled server boots, and registers again
     * with its hub), then follows every change. Call once, when the server accepts requests.
     */
    public void start() {
        synchronized (lock) {
            // a status text this version does not know (an old database) is replaced, not kept
            if (!settings.string(FederationSettings.STATUS).equals(status.wire())) {
                settings.setInternal(FederationSettings.STATUS, status.wire());
            }
        }
        settings.onChange((id, value) -> {
            if (WATCHED.contains(id)) {
                evaluate();
            }
        });
        evaluate();
    }

    public FederationStatus status() {
        synchronized (lock) {
            return status;
        }
    }

    /** Why the status is a failure, or what the hub said of a registration; empty otherwise. */
    public String reason() {
        synchronized (lock) {
            return reason;
        }
    }

    /** The last steps, oldest first. */
    public List<StatusTransition> recentTransitions() {
        synchronized (lock) {
            return new ArrayList<>(recent);
        }
    }

    /** Called after every step, under the service's lock: be quick, do not block. */
    public void onTransition(Consumer<StatusTransition> listener) {
        listeners.add(listener);
    }

    private void evaluate() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            generation++;
            FederationSetup setup = FederationSetup.read(settings);
            apply(setup, new StatusEvent.SettingsChanged());
            // Booting does nothing yet: later issues start the delivery queues here
            apply(setup, new StatusEvent.Booted());
            if (status == FederationStatus.REGISTERING) {
                long mine = generation;
                registrations.execute(() -> register(setup, mine));
            }
        }
    }

    /** On the registration thread. */
    private void register(FederationSetup setup, long mine) {
        if (!isCurrent(mine)) {
            return; // superseded before it began: the newer evaluation registers instead
        }
        StatusEvent outcome;
        try {
            outcome = new StatusEvent.Registered(hub.register(URI.create(setup.hubUrl()), setup.domain(), setup.siteUrl(),
                    keys.publicPem()));
        } catch (HubException e) {
            outcome = new StatusEvent.RegistrationFailed(e.getMessage() + "; fix " + FederationSettings.HUB_URL
                    + " or the hub, then save the federation settings again to retry");
        } catch (RuntimeException e) {
            // a bug, not the hub: an executor would drop the exception silently, and the status would stay Registering
            log.warn("federation: registering with the hub {} failed unexpectedly", setup.hubUrl(), e);
            outcome = new StatusEvent.RegistrationFailed("unexpected error while registering: " + e);
        }
        synchronized (lock) {
            if (closed) {
                return; // shutting down: the thread was interrupted on purpose
            }
            if (mine != generation) {
                log.info("federation: ignored the hub's answer to an older registration ({}); the settings changed since",
                        outcome instanceof StatusEvent.Registered ? "accepted" : "failed");
                return;
            }
            apply(setup, outcome);
        }
    }

    private boolean isCurrent(long mine) {
        synchronized (lock) {
            return !closed && mine == generation;
        }
    }

    /** Takes one step, if {@code event} leads anywhere new. Caller holds lock. */
    private void apply(FederationSetup setup, StatusEvent event) {
        Optional<StatusTransitions.Target> next = StatusTransitions.next(status, setup, event);
        if (next.isEmpty() || (next.get().status() == status && next.get().reason().equals(reason))) {
            return;
        }
        StatusTransition step = new StatusTransition(status, next.get().status(), next.get().reason(), clock.instant());
        // the reason first, so nobody reads a failure status with the previous reason
        if (!step.reason().equals(reason)) {
            settings.setInternal(FederationSettings.STATUS_REASON, step.reason());
        }
        if (step.to() != status) {
            settings.setInternal(FederationSettings.STATUS, step.to().wire());
        }
        status = step.to();
        reason = step.reason();
        recent.addLast(step);
        if (recent.size() > TRANSITIONS_KEPT) {
            recent.removeFirst();
        }
        log.info("federation: {}", describe(step, setup));
        listeners.forEach(l -> l.accept(step));
    }

    private static String describe(StatusTransition step, FederationSetup setup) {
        String what = step.to().wire();
        return switch (step.to()) {
            case DISABLED -> what + " (" + FederationSettings.ENABLED + " is false)";
            case NOT_FULLY_SET, HUB_REGISTRATION_FAILED -> what + ": " + step.reason();
            case BOOTING -> what + " as " + setup.domain() + " at " + setup.siteUrl() + ", discovery by " + setup.discoveryMethod();
            case REGISTERING -> what + " " + setup.hubUrl() + " as " + setup.domain();
            case RUNNING -> what + " as " + setup.domain() + (setup.viaHub()
                    ? ", registered with the hub " + setup.hubUrl() + (step.reason().isEmpty() ? "" : "; " + step.reason())
                    : "; peers find it through the DNS records of " + setup.domain());
        };
    }

    /** Stops the registration thread; an answer still on its way is dropped. Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            generation++;
        }
        registrations.shutdownNow();
        try {
            if (!registrations.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("federation: the hub registration thread did not stop within 5 s; leaving it behind");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
