package dev.fedchat.server.message;

/**
 * A page of a room's history, newest first, between {@code oldest} and {@code latest} (epoch ms).
 */
public record HistoryQuery(long oldest, long latest, boolean inclusive, int count, int offset) {
    public static final int MAX_COUNT = 1000;

    public static HistoryQuery latest(int count) {
        return new HistoryQuery(0, Long.MAX_VALUE, false, count, 0);
    }
}
