package dev.fedchat.server.federation.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link PeerProbe} whose peers answer as the test says (none by default), recording each
 * probe. Thread-safe.
 */
final class ScriptedProbe implements PeerProbe {
    private final Set<String> answering = ConcurrentHashMap.newKeySet();
    private final List<String> probed = new ArrayList<>();
    private final List<Instant> times = new ArrayList<>();
    private Clock clock;

    /** Records the time of each probe on {@code c}. */
    ScriptedProbe timedBy(Clock c) {
        this.clock = c;
        return this;
    }

    ScriptedProbe answering(String domain, boolean answers) {
        if (answers) {
            answering.add(domain);
        } else {
            answering.remove(domain);
        }
        return this;
    }

    @Override
    public boolean answers(String domain) {
        synchronized (this) {
            probed.add(domain);
            if (clock != null) {
                times.add(clock.instant());
            }
        }
        return answering.contains(domain);
    }

    /** How many times {@code domain} was probed. */
    synchronized long probesOf(String domain) {
        return probed.stream().filter(domain::equals).count();
    }

    /** When the probes happened, in order (with {@link #timedBy}). */
    synchronized List<Instant> times() {
        return List.copyOf(times);
    }
}
