package dev.fedchat.server.message;

import dev.fedchat.server.error.RcException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a message search asks for, parsed from the text a person typed: Rocket.Chat's search
 * syntax ({@code parseMessageSearchQuery.ts} of Rocket.Chat 7.x), read by {@link SearchQueryParser}.
 *
 * <ul>
 *   <li>{@code words}: every one must occur in the message as a whole word, in any case;
 *       {@code phrases} ("quoted") must occur as written, words in that order.</li>
 *   <li>{@code regex}: {@code /pattern/flags} in place of words, tried on the text by
 *       {@link RegexScan} (bounded, see there).</li>
 *   <li>{@code from}: the author's username is one of these (lower-cased; {@code from:me} is the
 *       caller). {@code mentions}: the message mentions one of these.</li>
 *   <li>{@code hasUrl}: the text holds an http(s) link. {@code pinned}, {@code starredByCaller}
 *       and {@code hasLocation}: {@code is:pinned}, {@code has:star}, {@code has:location}.</li>
 *   <li>{@code since} (inclusive) to {@code until} (exclusive), epoch ms: {@code after:},
 *       {@code before:}, {@code on:}.</li>
 *   <li>{@code oldestFirst}: {@code order:asc}; newest first otherwise.</li>
 * </ul>
 */
public record SearchQuery(List<String> words, List<String> phrases, Pattern regex, List<String> from,
                          List<String> mentions, boolean hasUrl, boolean pinned, boolean starredByCaller,
                          boolean hasLocation, long since, long until, boolean oldestFirst) {

    public SearchQuery {
        words = List.copyOf(words);
        phrases = List.copyOf(phrases);
        from = List.copyOf(from);
        mentions = List.copyOf(mentions);
    }

    /** Parses what {@code callerUsername} typed; malformed operators are refused (400). */
    public static SearchQuery parse(String text, String callerUsername) {
        return new SearchQueryParser(callerUsername).parse(text);
    }

    /** Asks for nothing at all: Rocket.Chat answers such a search with no messages. */
    public boolean isEmpty() {
        return words.isEmpty() && phrases.isEmpty() && regex == null && from.isEmpty() && mentions.isEmpty()
                && !hasUrl && !pinned && !starredByCaller && !hasLocation && since == 0 && until == Long.MAX_VALUE;
    }

    /** Some words or phrases to find through the database's full-text index. */
    public boolean hasText() {
        return !words.isEmpty() || !phrases.isEmpty();
    }

    /** The start of a calendar day in UTC: fedchat keeps no time zone per user (Rocket.Chat's utcOffset). */
    static long startOf(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    static RcException refused(String reason) {
        return RcException.invalidParams(reason);
    }
}
