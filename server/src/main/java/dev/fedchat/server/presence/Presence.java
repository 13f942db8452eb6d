package dev.fedchat.server.presence;

/**
 * What others see of a user's presence now.
 *
 * @param status     the status shown: the connection's, unless the user chose away, busy or invisible
 * @param connection the connection status ({@code statusConnection}): offline without a session, away
 *                   when every session is idle, online otherwise; for a user of another server, the
 *                   status its server last told us
 * @param text       the status text; null when none
 * @param changedAt  when the shown status or text last changed (epoch ms); 0 when never since the start
 */
public record Presence(UserStatus status, UserStatus connection, String text, long changedAt) {
    /** A user nobody has heard of since the start: offline, no text. */
    public static final Presence UNKNOWN = new Presence(UserStatus.OFFLINE, UserStatus.OFFLINE, null, 0);
}
