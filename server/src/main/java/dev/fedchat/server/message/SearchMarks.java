package dev.fedchat.server.message;

/**
 * The SQL conditions for {@code is:pinned} and {@code has:star}, on a message aliased {@code m}
 * and the caller's id bound as {@code :caller}. {@link #STORED} reads the pin and star columns
 * ({@link Pins}, {@link Stars}).
 */
public record SearchMarks(String pinned, String starredByCaller) {
    /** The stars column is a JSON array of user ids: a quoted id is one whole element (ids hold no LIKE wildcard). */
    public static final SearchMarks STORED = new SearchMarks("m.pinned_at IS NOT NULL",
            "m.starred LIKE '%\"' || :caller || '\"%'");
}
