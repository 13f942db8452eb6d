package dev.fedchat.server.federation.delivery;

import dev.fedchat.server.config.ConfigException;
import java.time.Duration;

/**
 * How the delivery queues batch, retry and remind, validated when built (STYLE.md §3.5).
 *
 * @param batchSize     the most events one {@code federation.events.dispatch} request carries
 * @param firstRetry    the wait after the first failed attempt; each further failure doubles it
 * @param maxRetry      the longest wait between two attempts, however long a peer has been failing
 * @param jitter        each wait is shortened by a random fraction of up to this much (0 to below 1),
 *                      so the peers that failed together do not all retry at the same moment
 * @param reminderEvery while a peer keeps failing, a WARN line at most this often (the first
 *                      failure always logs one; the retries between reminders log at DEBUG)
 * @param threads       the delivery threads: the most peers sent to at the same time (one request
 *                      in flight each), and the sealing of batches ahead while requests are in flight
 * @param probe         how a failing peer is probed for its return, to end its backoff early
 */
public record DeliveryConfig(int batchSize, Duration firstRetry, Duration maxRetry, double jitter,
                             Duration reminderEvery, int threads, ProbeConfig probe) {

    /** The most events per request we allow configuring; the receiver's own limits apply too. */
    public static final int MAX_BATCH_SIZE = 1000;

    /**
     * 50 events a request (Dendrite's PDU limit), a first retry within 2 s, doubling up to an hour
     * (reached after about 12 failures, an hour and a bit into an outage), 20% jitter, an hourly
     * reminder, 16 peers at once, failing peers probed ({@link ProbeConfig#DEFAULTS}).
     */
    public static final DeliveryConfig DEFAULTS = new DeliveryConfig(50, Duration.ofSeconds(2), Duration.ofHours(1),
            0.2, Duration.ofHours(1), 16, ProbeConfig.DEFAULTS);

    public DeliveryConfig {
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new ConfigException("delivery batch size must be between 1 and " + MAX_BATCH_SIZE + ", got " + batchSize);
        }
        if (firstRetry == null || firstRetry.isNegative() || firstRetry.isZero()) {
            throw new ConfigException("delivery first retry must be a positive duration, got " + firstRetry);
        }
        if (maxRetry == null || maxRetry.compareTo(firstRetry) < 0) {
            throw new ConfigException("delivery max retry must be at least the first retry (" + firstRetry + "), got " + maxRetry);
        }
        if (!(jitter >= 0 && jitter < 1)) {
            throw new ConfigException("delivery jitter must be at least 0 and below 1, got " + jitter);
        }
        if (reminderEvery == null || reminderEvery.isNegative() || reminderEvery.isZero()) {
            throw new ConfigException("delivery reminder interval must be a positive duration, got " + reminderEvery);
        }
        if (threads < 1) {
            throw new ConfigException("delivery threads must be at least 1, got " + threads);
        }
        if (probe == null) {
            throw new ConfigException("delivery probe settings are missing");
        }
    }

    /** With the default probing. */
    public DeliveryConfig(int batchSize, Duration firstRetry, Duration maxRetry, double jitter, Duration reminderEvery,
                          int threads) {
        this(batchSize, firstRetry, maxRetry, jitter, reminderEvery, threads, ProbeConfig.DEFAULTS);
    }

    public DeliveryConfig withBatchSize(int size) {
        return new DeliveryConfig(size, firstRetry, maxRetry, jitter, reminderEvery, threads, probe);
    }

    public DeliveryConfig withRetries(Duration first, Duration max, double jitterFraction) {
        return new DeliveryConfig(batchSize, first, max, jitterFraction, reminderEvery, threads, probe);
    }

    public DeliveryConfig withProbe(ProbeConfig probing) {
        return new DeliveryConfig(batchSize, firstRetry, maxRetry, jitter, reminderEvery, threads, probing);
    }
}
