package dev.fedchat.server.federation.events;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link Trio} per database for a whole test class, started when a test first asks for it and
 * closed after the class: the probes each attack rooms of their own and compare snapshots taken
 * around their own requests, so they can share three servers rather than start nine. Register it
 * as a static {@code @RegisterExtension} field.
 */
final class Trios implements AfterAllCallback {
    private final Map<String, Trio> started = new LinkedHashMap<>();

    /** The trio on {@code database} ({@code h2} or {@code postgresql}). */
    synchronized Trio on(String database) {
        return started.computeIfAbsent(database, Trio::start);
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        started.values().forEach(Trio::close);
        started.clear();
    }
}
