package dev.fedchat.bench.load;

import java.util.Arrays;

/**
 * Durations in nanoseconds, and their percentiles. Not thread-safe: each worker fills its own
 * instance and the driver merges them after the workers stopped.
 */
final class Samples {
    private long[] values = new long[1024];
    private int size;

    void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    void addAll(Samples other) {
        for (int i = 0; i < other.size; i++) {
            add(other.values[i]);
        }
    }

    int count() {
        return size;
    }

    /** A summary in milliseconds; all zero when there is no sample. */
    Summary summary() {
        if (size == 0) {
            return new Summary(0, 0, 0, 0, 0);
        }
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        return new Summary(size, ms(rank(sorted, 0.50)), ms(rank(sorted, 0.99)), ms(rank(sorted, 0.999)),
                ms(sorted[size - 1]));
    }

    /** Nearest rank: the smallest sample with at least {@code q} of all samples at or below it. */
    private static long rank(long[] sorted, double q) {
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }

    record Summary(int count, double p50, double p99, double p999, double max) {
        @Override
        public String toString() {
            return String.format("p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms (n=%d)", p50, p99, p999, max, count);
        }
    }
}
