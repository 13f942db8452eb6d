package dev.fedchat.server.message.markdown;

/**
 * The character classes of the parser's grammar, on UTF-16 code units as JavaScript sees a string. The
 * grammar spells out Unicode's letters (L*), decimal digits (Nd) and marks (M*) of the Basic Multilingual Plane
 * as ranges from an older Unicode; here they come from Java's own Unicode tables, so a character assigned since
 * then is a letter here and not there (docs/architecture.md, "Message markdown").
 */
final class CharClasses {
    private static final boolean[] EXTRA = ascii(".,!%~*\"':;()=");
    private static final boolean[] SAFE = ascii("$@&+_#?-");
    private static final boolean[] LOCAL_PART_SPECIAL = ascii("!#$%&'*+/=?^_`{|}~-");
    private static final boolean[] NOT_IN_HOST = ascii("\\/|><%`");
    private static final boolean[] URL_BODY_EXTRA = ascii("*[/]^_`{}~(");

    private CharClasses() {}

    /** A lookup table of ASCII characters: these tests run for every character of every message. */
    private static boolean[] ascii(String chars) {
        boolean[] table = new boolean[128];
        for (char c : chars.toCharArray()) {
            table[c] = true;
        }
        return table;
    }

    private static boolean in(boolean[] table, char c) {
        return c < 128 && table[c];
    }

    /** Printable ASCII less {@code ( ) * [ \ ] ^ _ ` { | } ~}, or any non-ASCII unit ({@code AnyText}). */
    static boolean anyText(char c) {
        return (c >= 0x20 && c <= 0x27) || (c >= 0x2B && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c >= 0x80;
    }

    static boolean space(char c) {
        return c == ' ' || c == '\t';
    }

    static boolean endOfLine(char c) {
        return c == '\n' || c == '\r';
    }

    static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean asciiAlnum(char c) {
        return digit(c) || asciiLetter(c);
    }

    static boolean asciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean hexDigit(char c) {
        return digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    static boolean alpha(char c) {
        if (c < 128) {
            return asciiLetter(c);
        }
        return !Character.isSurrogate(c) && Character.isLetter(c);
    }

    static boolean decimal(char c) {
        return c < 128 ? digit(c) : Character.getType(c) == Character.DECIMAL_DIGIT_NUMBER;
    }

    static boolean mark(char c) {
        if (c < 0x300) {
            return false;
        }
        int type = Character.getType(c);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    static boolean alphaNumeric(char c) {
        return alpha(c) || decimal(c);
    }

    /** Letters, digits, marks and the grammar's emoji-ish units: what an e-mail's local part is made of. */
    static boolean alphaNumericOrMark(char c) {
        if (c < 128) {
            return asciiAlnum(c);
        }
        return alpha(c) || emojiChar(c) || mark(c) || decimal(c);
    }

    /** The grammar's {@code EmojiChar}: every surrogate (so every astral character) and a list of symbols. */
    static boolean emojiChar(char c) {
        if (Character.isSurrogate(c) || (c >= 0x2700 && c <= 0x27BF) || (c >= 0x2600 && c <= 0x26FF)
                || (c >= 0x0300 && c <= 0x036F) || (c >= 0xFE20 && c <= 0xFE23) || (c >= 0x20D0 && c <= 0x20F0)
                || (c >= 0x25FB && c <= 0x25FE) || (c >= 0x23E9 && c <= 0x23F3) || (c >= 0x23F8 && c <= 0x23FA)
                || (c >= 0x2190 && c <= 0x21FF) || (c >= 0x2B05 && c <= 0x2B07)) {
            return true;
        }
        return switch (c) {
            case '\uFE0E', '\uFE0F', '\u200D', '\u3299', '\u3297', '\u303D', '\u3030', '\u24C2', '\u203C', '\u2049',
                    '\u25AA', '\u25AB', '\u25B6', '\u25C0', '\u00A9', '\u00AE', '\u2122', '\u2139', '\u2B1B', '\u2B1C',
                    '\u2B50', '\u2B55', '\u231A', '\u231B', '\u2328', '\u23CF', '\u2935', '\u2934' -> true;
            default -> false;
        };
    }

    /** {@code . , ! % ~ * " ' : ; ( ) =}: punctuation that ends a URL when only such follows up to a blank. */
    static boolean extra(char c) {
        return in(EXTRA, c);
    }

    /** {@code $ @ & + _ # ? -}. */
    static boolean safe(char c) {
        return in(SAFE, c);
    }

    /**
     * How many units a host-name character takes at {@code p}, 0 when none starts there. A {@code -} or
     * {@code _} takes the unit after it too, whatever it is short of a blank, a line end or one of
     * {@code \\/|><%`} (the grammar's {@code DomainChar} consumes both), so a label can hold {@code -.} or
     * {@code -#} but never end in {@code -}.
     */
    static int domainCharLength(String s, int p) {
        char c = s.charAt(p);
        if (extra(c)) {
            return 0;
        }
        if (c == '_' || c == '-') {
            return p + 1 < s.length() && domainTail(s.charAt(p + 1)) ? 2 : 0;
        }
        return safe(c) || !domainTail(c) ? 0 : 1;
    }

    private static boolean domainTail(char c) {
        return !endOfLine(c) && !space(c) && !in(NOT_IN_HOST, c);
    }

    /** A character of a user name or channel name after {@code @} or {@code #}. */
    static boolean nameChar(char c) {
        return c == '-' || c == '_' || c == '.' || alphaNumeric(c);
    }

    /** The specials an e-mail's local part may hold besides letters and digits. */
    static boolean localPartSpecial(char c) {
        return in(LOCAL_PART_SPECIAL, c);
    }

    /** A character the URL body takes (besides the lookahead that stops it before trailing punctuation). */
    static boolean urlBodyChar(char c) {
        return anyText(c) || in(URL_BODY_EXTRA, c);
    }
}
