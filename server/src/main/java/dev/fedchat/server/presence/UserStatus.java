package dev.fedchat.server.presence;

import java.util.Locale;
import java.util.Optional;

/**
 * A user's status as Rocket.Chat names it, with the number its {@code user-status} and
 * {@code stream-user-presence} frames carry ({@code STATUS_MAP} in Rocket.Chat's listeners
 * module: offline 0, online 1, away 2, busy 3). Chosen as a default, {@link #OFFLINE} means
 * invisible: connected, yet shown offline.
 */
public enum UserStatus {
    OFFLINE(0), ONLINE(1), AWAY(2), BUSY(3);

    private final int number;

    UserStatus(int number) {
        this.number = number;
    }

    /** The number of the realtime frames. */
    public int number() {
        return number;
    }

    /** The name on the wire: {@code online}, {@code away}, {@code busy}, {@code offline}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status a wire name names, if any (exact, lower case, as Rocket.Chat compares them). */
    public static Optional<UserStatus> parse(String wire) {
        for (UserStatus s : values()) {
            if (s.wire().equals(wire)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
