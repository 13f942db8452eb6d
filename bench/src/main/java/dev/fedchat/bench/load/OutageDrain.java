package dev.fedchat.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The delivery lane alone, as after an outage: the receiver goes away, {@code count} messages
 * are posted on the sender (its queue fails, backs off and keeps them), the receiver comes back
 * and an admin asks the sender to retry ({@code federation.deliveries.retry}). Timed from that
 * call until the sender's queue is empty and the receiver has pushed the last message to a DDP
 * subscriber: nobody posts meanwhile, so this is reading, sealing, sending, opening and storing only.
 *
 * <p>The outage is the receiver switching federation off and on ({@code FEDERATION_Enabled}):
 * the sender sees "Federation not enabled", a transient failure like a peer that is down, and the
 * receiver's JVM stays warm. (A restart would measure a cold JIT instead of the lane.) The
 * sender's backoff timer may fire between the receiver's return and the retry call; what it
 * delivered then is not counted ({@code pendingAtRetry} is read just before the call).
 */
final class OutageDrain {
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final long LOOK_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long TIMEOUT_NANOS = TimeUnit.MINUTES.toNanos(5);

    private OutageDrain() {}

    /**
     * @param postSeconds    posting the backlog while the receiver was down
     * @param pendingAtRetry events queued for the receiver just before the retry call
     * @param drainSeconds   retry call → queue empty and the last frame pushed
     * @param framesSeen     messages of the backlog the subscriber saw
     * @param failedAttempts the sender's failed attempts during the outage
     */
    record Result(int posted, double postSeconds, long pendingAtRetry, double drainSeconds, int framesSeen,
                  long failedAttempts, ProcessCpu.Usage cpu) {
        /** NaN when the sender's own timer delivered everything before the retry call. */
        double eventsPerSecond() {
            return pendingAtRetry == 0 || drainSeconds <= 0 ? Double.NaN : pendingAtRetry / drainSeconds;
        }
    }

    /**
     * @param receiverAdmin the receiving server's admin, who switches its federation off and on
     * @param subscriber    a DDP subscriber to the room on the receiver
     */
    static Result run(String prefix, int count, List<RestClient> posters, String roomId, String receiverDomain,
                      RestClient receiverAdmin, RestClient senderAdmin, DdpSubscriber subscriber,
                      Supplier<ProcessCpu> cpuWindow) {
        federation(receiverAdmin, false);
        FederatedThroughput.Posted posted;
        try {
            posted = FederatedThroughput.post(prefix, count, posters, roomId);
        } finally {
            federation(receiverAdmin, true);
        }
        DdpSubscriber.Expectation expected = new DdpSubscriber.Expectation(prefix, count);
        subscriber.expectMessages(expected);

        JsonNode before = peer(senderAdmin, receiverDomain);
        long pending = before.path("pending").asLong();
        ProcessCpu cpu = cpuWindow.get();
        int early = expected.received(); // sent by the sender's own timer before the retry call
        long start = System.nanoTime();
        senderAdmin.post("/api/v1/federation.deliveries.retry", Map.of("domain", receiverDomain));
        // done when the subscriber saw every queued message; the sender's queue is asked only now
        // and then (each look is a request to it), for messages that would never show
        long deadline = start + TIMEOUT_NANOS;
        long nextLook = start + LOOK_NANOS;
        long end = 0;
        while (end == 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(POLL_NANOS);
            if (expected.received() - early >= pending) {
                end = System.nanoTime();
            } else if (System.nanoTime() > nextLook) {
                nextLook = System.nanoTime() + LOOK_NANOS;
                if (peer(senderAdmin, receiverDomain).path("pending").asLong() == 0) {
                    end = System.nanoTime();
                }
            }
        }
        ProcessCpu.Usage used = cpu.stop();
        subscriber.expectMessages(null);
        long lastFrame = 0;
        for (int seq = 0; seq < count; seq++) {
            lastFrame = Math.max(lastFrame, expected.arrival(seq));
        }
        // the last frame is exact; a look that found the queue empty is up to a second late
        long drained = expected.received() - early >= pending ? lastFrame : end == 0 ? System.nanoTime() : end;
        return new Result(count, posted.seconds(), pending, (drained - start) / 1e9, expected.received(),
                before.path("failures").asLong(), used);
    }

    private static void federation(RestClient admin, boolean enabled) {
        admin.post("/api/v1/settings/FEDERATION_Enabled", Map.of("value", enabled));
    }

    /** The sender's delivery state for {@code domain} ({@code federation.deliveries}). */
    private static JsonNode peer(RestClient admin, String domain) {
        for (JsonNode p : admin.get("/api/v1/federation.deliveries").path("peers")) {
            if (p.path("domain").asText().equals(domain)) {
                return p;
            }
        }
        return RestClient.JSON.createObjectNode();
    }
}
