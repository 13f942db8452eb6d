package dev.fedchat.server.message;

/**
 * The SQL conditions for {@code is:pinned} and {@code has:star}, on a message aliased {@code m}
 * and the caller's id bound as {@code :caller}. Pins and stars are not stored yet, so
 * {@link #NONE} matches nothing.
 *
 * <p>TODO(issue 13, pins and stars): when they land, the composition root passes e.g.
 * {@code new SearchMarks("m.pinned", "EXISTS (SELECT 1 FROM message_stars s WHERE s.message_id = m.id"
 * + " AND s.user_id = :caller)")} to {@link MessageSearch}; nothing else in the search changes.
 */
public record SearchMarks(String pinned, String starredByCaller) {
    public static final SearchMarks NONE = new SearchMarks("FALSE", "FALSE");
}
