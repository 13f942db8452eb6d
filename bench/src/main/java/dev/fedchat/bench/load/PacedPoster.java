package dev.fedchat.bench.load;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Posts {@code count} messages {@code <prefix><seq>} to one room at a fixed rate with
 * {@code chat.postMessage}, and stamps when each POST left and when its answer came back.
 *
 * <p>The pace is open-loop: {@link FixedRate} fires on schedule and each post is sent
 * asynchronously, so a slow answer never delays the next post. A closed loop (send, wait, sleep)
 * would quietly lower the rate whenever the server is slow and hide exactly the queueing the
 * latency figures are meant to show ("coordinated omission").
 */
final class PacedPoster {
    private final RestClient client;
    private final String roomId;

    PacedPoster(RestClient client, String roomId) {
        this.client = client;
        this.roomId = roomId;
    }

    /** The stamps of one paced run (System.nanoTime; 0 when it did not happen). */
    record Run(AtomicLongArray sent, AtomicLongArray answered, int failures, String firstError) {
        /** Posts per second between the first and the last send. */
        double achievedRate() {
            int n = sent.length();
            return n < 2 ? 0 : (n - 1) / ((sent.get(n - 1) - sent.get(0)) / 1e9);
        }
    }

    /** Posts and returns once every answer arrived. */
    Run post(String prefix, int count, int perSecond) {
        AtomicLongArray sent = new AtomicLongArray(count);
        AtomicLongArray answered = new AtomicLongArray(count);
        AtomicInteger failures = new AtomicInteger();
        AtomicReference<String> firstError = new AtomicReference<>();
        CountDownLatch answers = new CountDownLatch(count);
        try (FixedRate pace = FixedRate.start("poster", count, perSecond, seq -> {
            HttpRequest request = client.postRequest("/api/v1/chat.postMessage",
                    RestClient.write(Map.of("roomId", roomId, "text", prefix + seq)));
            sent.set(seq, System.nanoTime());
            client.http().sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                if (e == null && r.statusCode() == 200) {
                    answered.set(seq, System.nanoTime());
                } else {
                    failures.incrementAndGet();
                    firstError.compareAndSet(null, e != null ? e.toString() : r.statusCode() + " " + r.body());
                }
                answers.countDown();
            });
        })) {
            pace.awaitDone();
            if (!answers.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("posts still unanswered a minute after the last was sent");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while posting", e);
        }
        return new Run(sent, answered, failures.get(), firstError.get());
    }
}
