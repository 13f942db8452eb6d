package dev.fedchat.server.federation.users;

import dev.fedchat.server.config.DatabaseConfig;
import dev.fedchat.server.testing.TestServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads a server's {@code remote_avatar_checks} behind its API: whether, and how, a remote user's home server was asked. */
final class RemoteAvatarChecks {
    private RemoteAvatarChecks() {}

    /** The row's failures and last error, or null when the user's server was never asked. */
    record Check(int failures, String lastError, long nextCheckAt) {}

    static boolean exists(TestServer server, String userId) {
        return of(server, userId) != null;
    }

    static Check of(TestServer server, String userId) {
        DatabaseConfig db = server.config().database();
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
             PreparedStatement s = c.prepareStatement(
                     "SELECT failures, last_error, next_check_at FROM remote_avatar_checks WHERE user_id = ?")) {
            s.setString(1, userId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? new Check(rs.getInt(1), rs.getString(2), rs.getLong(3)) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
