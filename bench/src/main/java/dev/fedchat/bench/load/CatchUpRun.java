package dev.fedchat.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One catch-up of a returning peer (issue 12): alpha restarted with the probe on or off, beta
 * made unreachable ({@link Outage}: stopped, or its link cut; either way its port refuses
 * connections and its DNS records stay), {@code events} messages
 * posted on alpha to the DM with bob1@beta, alpha's queue for beta left to fail until it has
 * failed {@code failures} times in a row (deep in its backoff), then beta back. Timed
 * from the moment beta's {@code GET /api/info} first answers 200 (the driver polls it every 5 ms
 * from spawn) until the last posted message is stored on beta ({@code chat.getMessage} as bob1,
 * polled every {@value #POLL_MILLIS} ms): the time the target is about. The first message's
 * arrival splits it into the wait for the queue to wake and the sending of the backlog.
 *
 * <p>Alpha starts cold for every run (it is restarted to switch the probe); so does beta when the
 * outage is a restart, as after the crash the issue measured.
 */
final class CatchUpRun {
    static final String PROBE_ENV = "FEDCHAT_DELIVERY_PROBE";
    private static final long POLL_MILLIS = 10;
    private static final long FAILURE_POLL_MILLIS = 100;
    private static final long TIMEOUT_NANOS = TimeUnit.MINUTES.toNanos(10);

    private CatchUpRun() {}

    /** How beta goes away and comes back. */
    interface Outage {
        String describe();

        void begin();

        /** Beta answers {@code GET /api/info} again when this returns; ms it took (a start), or 0. */
        double end();
    }

    /** Beta's JVM stopped (SIGTERM) and started again on its data: it comes back cold. */
    static Outage restart(PeerServer beta) {
        return new Outage() {
            public String describe() {
                return "beta stopped and started again (cold JVM)";
            }

            public void begin() {
                beta.stop();
            }

            public double end() {
                return beta.start(Map.of());
            }
        };
    }

    /** Beta's link cut and mended ({@link CutLink}): it stays up, warm, and unreachable meanwhile. */
    static Outage cut(CutLink link) {
        return new Outage() {
            public String describe() {
                return "the link to beta cut and mended (beta's JVM stays up and warm)";
            }

            public void begin() {
                link.down();
            }

            public double end() {
                link.up();
                return 0;
            }
        };
    }

    /**
     * @param failuresBefore alpha's consecutive failed attempts when beta came back
     * @param storedWaitMs   how long alpha's stored backoff still had to run when beta answered
     * @param betaStartMs    beta's spawn → first answer
     * @param wokeMs         beta answering → alpha's queue woken: the probe's INFO line in alpha's log, or the
     *                       stored backoff's end without the probe (NaN when the log does not say)
     * @param firstMs        beta answering → the first queued message stored on it
     * @param lastMs         beta answering → the last queued message stored on it: the catch-up
     * @param failuresAfter  alpha's failures for beta once its queue was empty (0: healthy again)
     * @param load           the machine's 1-minute load average when the last message arrived (other work shares the cores)
     */
    record Result(boolean probe, int events, int failuresBefore, double storedWaitMs, double betaStartMs, double wokeMs,
                  double firstMs, double lastMs, long failuresAfter, String load) {}

    static Result run(FederationSetup setup, Outage outage, boolean probe, String prefix, int events, int failures,
                      int posters) {
        setup.restartAlpha(Map.of(PROBE_ENV, probe ? "on" : "off"));
        RestClient alphaAdmin = setup.server(FederationSetup.ALPHA).admin();
        outage.begin();

        RestClient alice = setup.alice();
        String first = post(alice, setup.dm(), prefix + "first");
        List<RestClient> clients = new ArrayList<>();
        for (int i = 0; i < posters; i++) {
            clients.add(setup.alice());
        }
        FederatedThroughput.Posted middle = FederatedThroughput.post(prefix, events - 2, clients, setup.dm());
        if (middle.failures() > 0) {
            throw new IllegalStateException(middle.failures() + " posts failed, the first: " + middle.firstError());
        }
        String last = post(alice, setup.dm(), prefix + "last");

        JsonNode state = awaitFailures(setup, alphaAdmin, failures);

        double startMs = outage.end();
        long answered = System.nanoTime();
        long answeredWall = System.currentTimeMillis();
        // alpha's state now: an attempt may have failed while beta was starting
        state = setup.deliveries(alphaAdmin).get(FederationSetup.BETA);
        double storedWaitMs = state.hasNonNull("nextAttemptAt")
                ? Instant.parse(state.path("nextAttemptAt").asText()).toEpochMilli() - answeredWall : 0;
        RestClient bob = setup.bob();
        long firstAt = awaitMessage(bob, first, answered);
        long lastAt = awaitMessage(bob, last, answered);
        String load = Report.loadAverage().split(" ")[0];
        long failuresAfter = awaitEmpty(setup, alphaAdmin);
        double wokeMs = probe ? wokenAfter(setup.log(FederationSetup.ALPHA), answeredWall) : Math.max(0, storedWaitMs);
        return new Result(probe, events, state.path("failures").asInt(), storedWaitMs, startMs, wokeMs,
                (firstAt - answered) / 1e6, (lastAt - answered) / 1e6, failuresAfter, load);
    }

    /**
     * When alpha's probe found beta answering, from the last such INFO line in alpha's log
     * ({@code HH:mm:ss.SSS}, this machine's zone), in ms after {@code answeredWall}; NaN without one.
     */
    private static double wokenAfter(Path log, long answeredWall) {
        List<String> lines;
        try {
            lines = Files.readAllLines(log);
        } catch (IOException e) {
            return Double.NaN;
        }
        String line = null;
        for (String l : lines) {
            if (l.contains("Federation delivery to " + FederationSetup.BETA + ": the peer answers again")) {
                line = l;
            }
        }
        if (line == null) {
            return Double.NaN;
        }
        ZonedDateTime answered = Instant.ofEpochMilli(answeredWall).atZone(ZoneId.systemDefault());
        ZonedDateTime woke = answered.with(LocalTime.parse(line.substring(0, 12)));
        long ms = Duration.between(answered, woke).toMillis();
        if (ms < -TimeUnit.HOURS.toMillis(12)) {
            ms += TimeUnit.DAYS.toMillis(1); // the line was written after midnight
        }
        return ms;
    }

    private static String post(RestClient alice, String roomId, String text) {
        return alice.post("/api/v1/chat.postMessage", Map.of("roomId", roomId, "text", text)).path("message").path("_id").asText();
    }

    /** Waits until alpha's queue for beta has failed {@code failures} times in a row; its state then. */
    private static JsonNode awaitFailures(FederationSetup setup, RestClient alphaAdmin, int failures) {
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        while (System.nanoTime() < deadline) {
            JsonNode peer = setup.deliveries(alphaAdmin).get(FederationSetup.BETA);
            if (peer != null && peer.path("failures").asInt() >= failures && peer.hasNonNull("nextAttemptAt")) {
                return peer;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(FAILURE_POLL_MILLIS));
        }
        throw new IllegalStateException("alpha's queue for beta did not fail " + failures + " times within 10 min");
    }

    /** Polls beta until bob1 can read {@code messageId}; the nanoTime it was first seen. */
    private static long awaitMessage(RestClient bob, String messageId, long since) {
        long deadline = since + TIMEOUT_NANOS;
        while (System.nanoTime() < deadline) {
            try {
                bob.get("/api/v1/chat.getMessage?msgId=" + messageId);
                return System.nanoTime();
            } catch (RuntimeException notYet) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS));
            }
        }
        throw new IllegalStateException("message " + messageId + " did not reach beta within 10 min of its return");
    }

    /** Waits until alpha's queue for beta is empty (it deletes the rows once beta answered); its failures then. */
    private static long awaitEmpty(FederationSetup setup, RestClient alphaAdmin) {
        long pending = setup.awaitDelivered(FederationSetup.BETA, TimeUnit.MINUTES.toNanos(2));
        if (pending > 0) {
            throw new IllegalStateException("alpha still had " + pending + " events for beta 2 min after the last arrived");
        }
        return setup.deliveries(alphaAdmin).get(FederationSetup.BETA).path("failures").asLong();
    }
}
