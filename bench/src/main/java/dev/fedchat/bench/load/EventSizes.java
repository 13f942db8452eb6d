package dev.fedchat.bench.load;

import dev.fedchat.server.config.DatabaseConfig;
import dev.fedchat.server.federation.events.EventType;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * How large the message events a server sent really were: read from its stopped database
 * ({@code federation_events.wire} holds each event exactly as it travels, before encryption). The
 * crypto ceiling is computed from these sizes rather than from a guess, because the codec's work
 * is proportional to the bytes.
 */
final class EventSizes {
    private EventSizes() {}

    /** @param count message events found; @param averageBytes their average wire size in bytes */
    record Sizes(long count, double averageBytes) {}

    /** The message events of {@code roomId} in the embedded database of a server that is not running. */
    static Sizes of(Path dataDir, String roomId) {
        DatabaseConfig db = DatabaseConfig.embedded(dataDir);
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
             PreparedStatement q = c.prepareStatement(
                     "SELECT COUNT(*), AVG(CAST(OCTET_LENGTH(wire) AS DOUBLE PRECISION)) FROM federation_events"
                             + " WHERE room_id = ? AND type = ?")) {
            q.setString(1, roomId);
            q.setString(2, EventType.ROOM_MESSAGE.wire());
            try (ResultSet r = q.executeQuery()) {
                r.next();
                return new Sizes(r.getLong(1), r.getDouble(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the event sizes from " + dataDir + ": " + e.getMessage(), e);
        }
    }
}
