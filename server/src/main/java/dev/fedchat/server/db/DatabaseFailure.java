package dev.fedchat.server.db;

import dev.fedchat.server.error.RcException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * A database error that reached an API's error mapper, classified once by its SQLState class
 * (SQL:2011 §24.1; PostgreSQL and H2 both use the standard classes):
 * <ul>
 *   <li>{@code 22} data exception (value too long, invalid encoding, a number out of range):
 *       the caller sent what cannot be stored, {@link Kind#BAD_INPUT}. The edge checks should
 *       have refused it; this is the net below them.</li>
 *   <li>{@code 23} integrity constraint violation not handled where it arose
 *       ({@link UniqueViolation}): a concurrent change won a race, {@link Kind#CONFLICT}; trying
 *       again sees the new state.</li>
 *   <li>{@code 08} connection, {@code 40} transaction rollback (serialisation failure, deadlock),
 *       {@code 53} insufficient resources, {@code 57} operator intervention (a shutdown), and a
 *       pool that had no connection in time: the database cannot serve now,
 *       {@link Kind#UNAVAILABLE}.</li>
 *   <li>anything else (a syntax error, an undefined column, H2's own {@code 90} class): our bug,
 *       {@link Kind#BUG}.</li>
 * </ul>
 */
public record DatabaseFailure(Kind kind, String sqlState, String message) {
    public enum Kind {
        BAD_INPUT, CONFLICT, UNAVAILABLE, BUG
    }

    /** The database error behind {@code failure} (JDBI and the pool wrap it), if any. */
    public static Optional<DatabaseFailure> in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException pool) {
                return Optional.of(new DatabaseFailure(Kind.UNAVAILABLE, String.valueOf(pool.getSQLState()), pool.getMessage()));
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState() == null ? "" : sql.getSQLState();
                return Optional.of(new DatabaseFailure(kindOf(state), state, firstLine(sql.getMessage())));
            }
        }
        return Optional.empty();
    }

    /**
     * The answer for the caller: 400 for bad input, 409 for a lost race, 503 while the database is
     * away, and for a bug the plain 500 with nothing of the database's message or stack in it.
     */
    public RcException answer() {
        return switch (kind) {
            case BAD_INPUT -> RcException.invalidParams("The request holds a value the database cannot store (SQLState "
                    + sqlState + ")");
            case CONFLICT -> new RcException(409, "error-conflict",
                    "The request conflicts with a change made at the same time; try again");
            case UNAVAILABLE -> new RcException(503, "error-database-unavailable",
                    "The server's database is unavailable; try again later");
            case BUG -> internalError();
        };
    }

    /** The one answer for a failure that is ours: it says nothing of what failed. */
    public static RcException internalError() {
        return new RcException(500, null, "Internal server error");
    }

    /**
     * Logs the failure once, saying what was being {@code done} ({@code "POST /api/v1/chat.postMessage"}):
     * a refused input or a lost race at WARN on one line (the edge check that let it through is
     * the thing to fix), an unavailable database at ERROR on one line (the operator's to fix; a
     * stack says nothing more), a bug at ERROR with the stack, the one case it is needed for.
     */
    public void log(Logger log, String done, Throwable failure) {
        switch (kind) {
            case BAD_INPUT -> log.warn("{}: refused with 400, the database cannot store a value of the request ({} {})",
                    done, sqlState, message);
            case CONFLICT -> log.warn("{}: answered 409, a constraint of the database refused it ({} {})", done, sqlState, message);
            case UNAVAILABLE -> log.error("{}: answered 503, the database is unavailable ({} {})", done, sqlState, message);
            case BUG -> log.error("{}: failed in the database ({} {})", done, sqlState, message, failure);
        }
    }

    private static Kind kindOf(String state) {
        // waiting for a lock took too long, or two writers met: contention, which passes (H2 HYT00 and
        // 90131, PostgreSQL 55P03); the caller, or a peer's queue, tries again later
        if (state.equals("HYT00") || state.equals("90131") || state.equals("55P03")) {
            return Kind.UNAVAILABLE;
        }
        String type = state.length() >= 2 ? state.substring(0, 2) : "";
        return switch (type) {
            case "22" -> Kind.BAD_INPUT;
            case "23" -> Kind.CONFLICT;
            case "08", "40", "53", "57" -> Kind.UNAVAILABLE;
            default -> Kind.BUG;
        };
    }

    /** PostgreSQL appends the failing statement's position and detail on further lines: the first says what. */
    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
