package dev.fedchat.server.db;

import java.sql.SQLException;

/**
 * Recognises a unique-constraint violation (SQLState 23505 on both PostgreSQL and H2). Two
 * requests that create the same thing at once both pass their "does it exist?" check; the
 * database's constraint decides, and the loser turns the violation into the ordinary answer.
 */
public final class UniqueViolation {
    private static final String SQL_STATE = "23505";

    private UniqueViolation() {}

    public static boolean causedBy(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException sql && SQL_STATE.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
