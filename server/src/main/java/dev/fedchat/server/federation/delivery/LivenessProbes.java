package dev.fedchat.server.federation.delivery;

import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * The probing shared by every queue: the {@link PeerProbe}, the probe timer's steps
 * ({@link ProbeConfig}: short, capped, jittered) and the bound on probes under way at once, so
 * that a thousand dead peers take at most {@link ProbeConfig#inFlight()} delivery threads, each
 * for at most the probe's timeout. A probe that finds the bound reached is skipped and its timer
 * armed again: with many hanging peers each is probed less often, never with more threads.
 *
 * <p>Thread-safe.
 */
final class LivenessProbes {
    private final PeerProbe probe;
    private final ProbeConfig config;
    private final Backoff steps;
    private final Semaphore inFlight;

    LivenessProbes(PeerProbe probe, ProbeConfig config) {
        this.probe = probe;
        this.config = config;
        this.steps = new Backoff(config.first(), config.max(), config.jitter());
        this.inFlight = new Semaphore(config.inFlight());
    }

    boolean enabled() {
        return config.enabled();
    }

    /** The wait before probe number {@code n} (from 1) of a run of failures; {@code random} in [0, 1). */
    Duration delayBefore(int n, double random) {
        return steps.delayAfter(n, random);
    }

    /** What one probe learnt. */
    enum Answer {
        /** The peer's server answered. */
        ANSWERS,
        /** It did not: not found, refused, timed out, or an error status. */
        SILENT,
        /** Not probed: {@link ProbeConfig#inFlight()} probes were under way already. */
        BUSY
    }

    /** Probes {@code domain} now, on the caller's thread, unless too many probes are under way. */
    Answer probe(String domain) {
        if (!inFlight.tryAcquire()) {
            return Answer.BUSY;
        }
        try {
            return probe.answers(domain) ? Answer.ANSWERS : Answer.SILENT;
        } catch (RuntimeException e) {
            return Answer.SILENT; // a probe must not throw; if one does, the peer did not answer it
        } finally {
            inFlight.release();
        }
    }
}
