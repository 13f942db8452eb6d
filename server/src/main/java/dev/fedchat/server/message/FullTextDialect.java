package dev.fedchat.server.message;

import dev.fedchat.server.db.Like;
import java.util.List;

/**
 * How each database finds words in {@code messages.msg} through its own full-text index
 * (migrations {@code V20261208_0100__message_search}, one per vendor folder).
 *
 * <p>Both match whole words regardless of case, every word required. PostgreSQL checks phrases
 * itself ({@code phraseto_tsquery}: the words adjacent, in order). H2's native full-text index
 * knows no phrases: its words narrow the rows and a case-insensitive {@code LIKE} on the text
 * keeps those holding the phrase as written.
 */
enum FullTextDialect {
    POSTGRESQL {
        @Override
        void addText(SearchSql sql, List<String> words, List<String> phrases) {
            StringBuilder tsquery = new StringBuilder();
            if (!words.isEmpty()) {
                tsquery.append("plainto_tsquery('simple', ").append(sql.bind(String.join(" ", words))).append(')');
            }
            for (String phrase : phrases) {
                tsquery.append(tsquery.isEmpty() ? "" : " && ")
                        .append("phraseto_tsquery('simple', ").append(sql.bind(phrase)).append(')');
            }
            sql.where("m.msg_search @@ (" + tsquery + ")");
        }
    },
    H2 {
        @Override
        void addText(SearchSql sql, List<String> words, List<String> phrases) {
            String all = String.join(" ", words) + " " + String.join(" ", phrases);
            // limit 0: every matching row; the room, the other filters and the page are applied by the join
            sql.join("JOIN FT_SEARCH_DATA(" + sql.bind(all.trim()) + ", 0, 0) hit ON m.id = hit.\"KEYS\"[1]");
            for (String phrase : phrases) {
                sql.where("LOWER(m.msg) LIKE " + sql.bind(Like.contains(phrase)));
            }
        }
    };

    /** Adds the conditions that {@code words} and {@code phrases} (not both empty) occur in {@code m.msg}. */
    abstract void addText(SearchSql sql, List<String> words, List<String> phrases);

    static FullTextDialect of(boolean postgres) {
        return postgres ? POSTGRESQL : H2;
    }
}
