package dev.fedchat.server.message;

import dev.fedchat.server.error.RcException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;

/**
 * A {@code /regular expression/} search (Rocket.Chat allows one; MongoDB ran it on every message
 * of the room). No index can answer a regular expression, and a hostile one can take exponential
 * time (ReDoS), so here it is bounded three ways:
 *
 * <ul>
 *   <li>the pattern has at most {@link SearchQueryParser#MAX_REGEX_LENGTH} characters;</li>
 *   <li>it is tried on the room's newest {@link #MAX_SCANNED} messages that pass the other
 *       filters, read in pages by (ts, id), and no further;</li>
 *   <li>the whole scan, matching included, has {@link #BUDGET_MILLIS} ms of the server's clock:
 *       the text is handed to the matcher through a {@link CharSequence} that looks at the clock
 *       every few thousand characters read and stops the match when time is up. The search is
 *       then refused with the reason, rather than answered with a silently partial list.</li>
 * </ul>
 *
 * The match runs in Java for both databases, so a pattern means the same on H2 and PostgreSQL.
 */
final class RegexScan {
    static final int MAX_SCANNED = 10_000;
    static final long BUDGET_MILLIS = 500;
    private static final int PAGE = 500;

    private final Clock clock;

    RegexScan(Clock clock) {
        this.clock = clock;
    }

    /** The ids of the matching messages, in the query's order, the first {@code wanted} of them. */
    List<String> matches(Handle h, SearchQuery q, Pattern regex, SearchSqlFactory filters, int wanted) {
        long deadline = clock.millis() + BUDGET_MILLIS;
        List<String> found = new ArrayList<>();
        Row last = null;
        int scanned = 0;
        while (found.size() < wanted && scanned < MAX_SCANNED) {
            SearchSql sql = filters.create();
            if (last != null) {
                String op = q.oldestFirst() ? ">" : "<";
                String ts = sql.bind(last.ts());
                sql.where("(m.ts " + op + " " + ts + " OR (m.ts = " + ts + " AND m.id " + op + " " + sql.bind(last.id()) + "))");
            }
            List<Row> page = sql.select(h, "m.id, m.ts, m.msg", q.oldestFirst(), "LIMIT " + Math.min(PAGE, MAX_SCANNED - scanned))
                    .map((rs, ctx) -> new Row(rs.getString("id"), rs.getLong("ts"), rs.getString("msg"))).list();
            for (Row row : page) {
                if (regex.matcher(new Bounded(row.msg(), deadline)).find()) {
                    found.add(row.id());
                    if (found.size() == wanted) {
                        break;
                    }
                }
            }
            scanned += page.size();
            if (page.size() < PAGE) {
                break;
            }
            last = page.get(page.size() - 1);
        }
        return found;
    }

    /** Builds the statement with the filters afresh for each page. */
    @FunctionalInterface
    interface SearchSqlFactory {
        SearchSql create();
    }

    private record Row(String id, long ts, String msg) {}

    /** Text that stops a match when the scan's time is up. */
    private final class Bounded implements CharSequence {
        private static final int CHECK_EVERY = 4096;
        private final CharSequence text;
        private final long deadline;
        private int reads;

        Bounded(CharSequence text, long deadline) {
            this.text = text;
            this.deadline = deadline;
        }

        @Override
        public char charAt(int index) {
            if (++reads % CHECK_EVERY == 0 && clock.millis() > deadline) {
                throw new RcException(400, "error-invalid-params", "The regular expression took longer than "
                        + BUDGET_MILLIS + " ms on this room's messages; search for words instead");
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Bounded(text.subSequence(start, end), deadline);
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
