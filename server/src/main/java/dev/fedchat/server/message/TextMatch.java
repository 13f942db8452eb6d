package dev.fedchat.server.message;

import dev.fedchat.server.db.Like;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How each database finds words and phrases in {@code messages.msg}. Both match whole words
 * regardless of case, every word and phrase required; a phrase's words must follow each other
 * in that order, with only spaces or punctuation between.
 *
 * <p>PostgreSQL uses its own full-text search: the generated {@code msg_search} tsvector column
 * and its GIN index (migration {@code postgresql/V20261208_0100__message_search}), with
 * {@code plainto_tsquery} and {@code phraseto_tsquery} in the 'simple' configuration. Its planner
 * picks the GIN index for rare words and a walk down the room's newest messages for common ones.
 *
 * <p>H2 has no index for this: its native full-text index ({@code org.h2.fulltext.FullText})
 * halved the posting throughput and answers a common word in time proportional to every matching
 * row of every room, and {@code FullTextLucene} commits a Lucene index after every row, outside the
 * transaction (docs/benchmarks.md "Message search"). H2 instead walks the room's messages newest
 * first through {@code messages_room_ts}: a case-insensitive {@code LIKE} per word and phrase
 * discards most rows cheaply, and a regular expression of the quoted words (linear: no user
 * pattern reaches it) keeps the whole-word matches. Nothing is kept on the write path.
 */
enum TextMatch {
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
            for (String term : words) {
                sql.where("LOWER(m.msg) LIKE " + sql.bind(Like.contains(term)));
            }
            for (String phrase : phrases) {
                sql.where("LOWER(m.msg) LIKE " + sql.bind(Like.contains(phrase.split(NOT_WORD.pattern(), 2)[0])));
            }
            sql.where("REGEXP_LIKE(m.msg, " + sql.bind(wholeWords(words, phrases)) + ")");
        }
    };

    /** What separates words: anything but a letter, a digit or an underscore. */
    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}_]+");

    /** Adds the conditions that {@code words} and {@code phrases} (not both empty) occur in {@code m.msg}. */
    abstract void addText(SearchSql sql, List<String> words, List<String> phrases);

    static TextMatch of(boolean postgres) {
        return postgres ? POSTGRESQL : H2;
    }

    /**
     * One pattern requiring each term as whole words (lookaheads, so in any order), each term's
     * words quoted and joined by non-word characters. Case-insensitive in every script.
     */
    static String wholeWords(List<String> words, List<String> phrases) {
        StringBuilder re = new StringBuilder("(?isu)\\A"); // anchored: tried once per row, not at every position
        for (String term : words) {
            re.append(lookahead(term));
        }
        for (String phrase : phrases) {
            re.append(lookahead(phrase));
        }
        return re.toString();
    }

    private static String lookahead(String term) {
        String body = NOT_WORD.splitAsStream(term).filter(w -> !w.isEmpty()).map(Pattern::quote)
                .collect(Collectors.joining("[^\\p{L}\\p{N}_]+"));
        if (body.isEmpty()) {
            body = Pattern.quote(term); // punctuation only: found as written
            return "(?=.*" + body + ")";
        }
        return "(?=.*(?<![\\p{L}\\p{N}_])" + body + "(?![\\p{L}\\p{N}_]))";
    }
}
