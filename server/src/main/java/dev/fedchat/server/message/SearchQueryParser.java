package dev.fedchat.server.message;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads Rocket.Chat's search syntax into a {@link SearchQuery}. One parser per query; not
 * thread-safe.
 *
 * <p>The text is cut into tokens at white space, a double-quoted run being one token (a phrase).
 * A token {@code key:value} whose key is an operator sets a filter; any other token is text, so
 * "10:30" or "re:meeting" are searched as words, as in Rocket.Chat. Where Rocket.Chat silently
 * searched a malformed operator as text ({@code before:yesterday}), this parser refuses it with
 * the reason: a person who typed an operator meant one. Operators on data fedchat does not hold
 * ({@code label:}, {@code file-desc:}, {@code file-title:}) are refused by name.
 *
 * <p>Bounds: at most {@link #MAX_LENGTH} characters and {@link #MAX_TERMS} words and phrases, and a
 * regular expression of at most {@link #MAX_REGEX_LENGTH} characters.
 */
final class SearchQueryParser {
    static final int MAX_LENGTH = 1_000;
    static final int MAX_TERMS = 20;
    static final int MAX_REGEX_LENGTH = 200;
    /** A username as Rocket.Chat's operators take it, with a domain for users of other servers. */
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9.\\-_]+(@[a-z0-9.\\-]+)?", Pattern.CASE_INSENSITIVE);
    /** Rocket.Chat's dates: day, month, year with / . or - between; and ISO yyyy-mm-dd besides. */
    private static final Pattern DAY_MONTH_YEAR = Pattern.compile("(\\d{1,2})[/.\\-](\\d{1,2})[/.\\-](\\d{4})");
    private static final Pattern ISO_DATE = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})");
    private static final Pattern OPERATOR = Pattern.compile("([a-z][a-z\\-]*):(.*)", Pattern.CASE_INSENSITIVE);
    private static final Pattern REGEX = Pattern.compile("/(.+)/([imxs]*)", Pattern.DOTALL);

    private final String callerUsername;
    private final List<String> words = new ArrayList<>();
    private final List<String> phrases = new ArrayList<>();
    /** The tokens that are neither operators nor phrases: words, or the pieces of a regular expression. */
    private final List<String> text = new ArrayList<>();
    private final List<String> from = new ArrayList<>();
    private final List<String> mentions = new ArrayList<>();
    private boolean hasUrl;
    private boolean pinned;
    private boolean starred;
    private boolean hasLocation;
    private long since = 0;
    private long until = Long.MAX_VALUE;
    private boolean oldestFirst;

    SearchQueryParser(String callerUsername) {
        this.callerUsername = callerUsername;
    }

    SearchQuery parse(String input) {
        if (input == null) {
            throw SearchQuery.refused("The search text is required");
        }
        if (input.length() > MAX_LENGTH) {
            throw SearchQuery.refused("The search text is longer than " + MAX_LENGTH + " characters");
        }
        for (Token token : tokens(input)) {
            if (token.quoted()) {
                phrases.add(token.text());
            } else if (!operator(token.text())) {
                text.add(token.text());
            }
        }
        Pattern regex = phrases.isEmpty() ? regex(String.join(" ", text)) : null;
        if (regex == null) {
            words.addAll(text);
        }
        if (words.size() + phrases.size() > MAX_TERMS) {
            throw SearchQuery.refused("A search takes at most " + MAX_TERMS + " words and phrases");
        }
        return new SearchQuery(words, phrases, regex, from, mentions, hasUrl, pinned, starred, hasLocation,
                since, until, oldestFirst);
    }

    /** Applies {@code key:value} when key is an operator; false when the token is plain text. */
    private boolean operator(String token) {
        Matcher m = OPERATOR.matcher(token);
        if (!m.matches()) {
            return false;
        }
        String key = m.group(1).toLowerCase(Locale.ROOT);
        String value = m.group(2);
        switch (key) {
            case "from" -> from.add(username(key, value));
            case "mention" -> mentions.add(username(key, value));
            case "has", "is" -> flag(key, value.toLowerCase(Locale.ROOT));
            case "before" -> until = Math.min(until, SearchQuery.startOf(date(key, value)));
            case "after" -> since = Math.max(since, SearchQuery.startOf(date(key, value).plusDays(1)));
            case "on" -> {
                LocalDate day = date(key, value);
                since = Math.max(since, SearchQuery.startOf(day));
                until = Math.min(until, SearchQuery.startOf(day.plusDays(1)));
            }
            case "order", "sort" -> oldestFirst = order(key, value.toLowerCase(Locale.ROOT));
            case "label", "file-desc", "file-title" ->
                    throw SearchQuery.refused("'" + key + ":' is not supported: this server keeps no file labels, titles"
                            + " or descriptions to search");
            default -> {
                return false;
            }
        }
        return true;
    }

    private String username(String key, String value) {
        if (value.equalsIgnoreCase("me")) {
            return callerUsername.toLowerCase(Locale.ROOT);
        }
        if (!USERNAME.matcher(value).matches()) {
            throw SearchQuery.refused("'" + key + ":' takes a username (or 'me'), got '" + value + "'");
        }
        return value.toLowerCase(Locale.ROOT);
    }

    private void flag(String key, String value) {
        switch (key + ":" + value) {
            case "has:url", "has:link" -> hasUrl = true;
            case "is:pinned", "has:pin" -> pinned = true;
            case "has:star" -> starred = true;
            case "has:location", "has:map" -> hasLocation = true;
            default -> throw SearchQuery.refused("Unknown search filter '" + key + ":" + value
                    + "': use has:url, has:link, has:star, has:location, has:map, has:pin or is:pinned");
        }
    }

    private static LocalDate date(String key, String value) {
        Matcher dmy = DAY_MONTH_YEAR.matcher(value);
        Matcher iso = ISO_DATE.matcher(value);
        try {
            if (iso.matches()) {
                return LocalDate.of(Integer.parseInt(iso.group(1)), Integer.parseInt(iso.group(2)),
                        Integer.parseInt(iso.group(3)));
            }
            if (dmy.matches()) {
                return LocalDate.of(Integer.parseInt(dmy.group(3)), Integer.parseInt(dmy.group(2)),
                        Integer.parseInt(dmy.group(1)));
            }
        } catch (DateTimeException e) {
            throw SearchQuery.refused("'" + key + ":" + value + "' is not a date of the calendar");
        }
        throw SearchQuery.refused("'" + key + ":' takes a date as day/month/year (15/09/2026) or 2026-09-15,"
                + " got '" + value + "'");
    }

    private static boolean order(String key, String value) {
        return switch (value) {
            case "asc", "ascend", "ascending" -> true;
            case "desc", "descend", "descending" -> false;
            default -> throw SearchQuery.refused("'" + key + ":' takes asc or desc, got '" + value + "'");
        };
    }

    /**
     * The whole text as {@code /pattern/flags}, as Rocket.Chat allows; the flags are i, m, x and s,
     * i being case-insensitive in every script.
     */
    private static Pattern regex(String text) {
        Matcher m = REGEX.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        String source = m.group(1);
        if (source.length() > MAX_REGEX_LENGTH) {
            throw SearchQuery.refused("A regular expression may have at most " + MAX_REGEX_LENGTH + " characters");
        }
        int flags = 0;
        for (char f : m.group(2).toCharArray()) {
            flags |= switch (f) {
                case 'i' -> Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
                case 'm' -> Pattern.MULTILINE;
                case 'x' -> Pattern.COMMENTS;
                default -> Pattern.DOTALL;
            };
        }
        try {
            return Pattern.compile(source, flags);
        } catch (PatternSyntaxException e) {
            throw SearchQuery.refused("Not a valid regular expression: " + e.getDescription());
        }
    }

    private record Token(String text, boolean quoted) {}

    /** White-space separated tokens; "a quoted run" is one token. A lone quote is text. */
    private static List<Token> tokens(String input) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = input.length();
        while (i < n) {
            if (Character.isWhitespace(input.charAt(i))) {
                i++;
                continue;
            }
            int close = input.charAt(i) == '"' ? input.indexOf('"', i + 1) : -1;
            if (close > i + 1) {
                String phrase = input.substring(i + 1, close).trim();
                if (!phrase.isEmpty()) {
                    out.add(new Token(phrase, true));
                }
                i = close + 1;
                continue;
            }
            int end = i;
            while (end < n && !Character.isWhitespace(input.charAt(end))) {
                end++;
            }
            out.add(new Token(input.substring(i, end), false));
            i = end;
        }
        return out;
    }
}
