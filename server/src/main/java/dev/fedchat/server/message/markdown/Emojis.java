package dev.fedchat.server.message.markdown;

import java.util.List;

/**
 * Where an emoji starts in a text: the unicode emoji sequences the parser knows (by UTF-16 ranges of the
 * emoji blocks, with variation selectors, skin tones and zero-width joins) and the ASCII emoticons it turns into
 * short codes. Stateless.
 */
final class Emojis {
    /** One emoticon spelling and the short code it stands for. */
    record Emoticon(String text, String shortCode) {}

    /**
     * The emoticons in the order the parser tries them: the first spelling that matches wins, so a longer one
     * listed later ({@code :-D} after {@code :D}) only matches where the shorter does not.
     */
    private static final List<Emoticon> EMOTICONS = emoticons(
            "heart", "<3", "broken_heart", "</3", "smiley", ":D :-D =D", "laughing", ">:) >;) >:-) >=)",
            "sweat_smile", "':) ':-) '=) ':D ':-D '=D", "joy", ":') :'-)",
            "innocent", "O:-) 0:-3 0:3 0:-) 0:) 0;^) O:) O;-) O=) 0;-) O:-3 O:3",
            "slight_smile", ":) :-) =] =) :]", "wink", ";) ;-) *-) *) ;-] ;] ;D ;^)",
            "kissing_heart", ":* :-* =* :^*", "stuck_out_tongue", ":P :-P =P :-\u00DE :\u00DE :-b :b",
            "stuck_out_tongue_winking_eye", ">:P X-P", "sunglasses", "B-) B) 8) 8-) B-D 8-D",
            "disappointed", ">:[ :-( :( :-[ :[ =(", "confused", ">:\\ >:/ :-/ :-. :/ :\\ =/ =\\ :L =L",
            "persevere", ">.<", "cry", ":'( :'-( ;( ;-(", "angry", ">:( >:-( :@", "flushed", ":$ =$",
            "fearful", "D:", "sweat", "':( ':-( '=(", "no_mouth", ":-X :X :-# :# =X =#",
            "expressionless", "-_- -__- -___-", "open_mouth", ":-O :O O_O >:O",
            "dizzy_face", "#-) #) %-) %) X) X-)", "thumbsup", "(y)", "person_gesturing_ok", "*\\0/* \\0/ *\\O/* \\O/");

    private Emojis() {}

    private static List<Emoticon> emoticons(String... codeAndSpellings) {
        java.util.ArrayList<Emoticon> all = new java.util.ArrayList<>();
        for (int i = 0; i < codeAndSpellings.length; i += 2) {
            for (String spelling : codeAndSpellings[i + 1].split(" ")) {
                all.add(new Emoticon(spelling, codeAndSpellings[i]));
            }
        }
        return List.copyOf(all);
    }

    /** The emoticons by their first character, each list in the order above; most characters start none. */
    private static final java.util.Map<Character, List<Emoticon>> BY_FIRST_CHARACTER = EMOTICONS.stream()
            .collect(java.util.stream.Collectors.groupingBy(e -> e.text().charAt(0), java.util.stream.Collectors.toList()));

    static Emoticon emoticonAt(String s, int p) {
        List<Emoticon> candidates = BY_FIRST_CHARACTER.get(s.charAt(p));
        if (candidates == null) {
            return null;
        }
        for (Emoticon e : candidates) {
            if (s.startsWith(e.text(), p)) {
                return e;
            }
        }
        return null;
    }

    /** The end of the unicode emoji starting at {@code p}, or -1. */
    static int unicodeEmojiEnd(String s, int p) {
        int n = s.length();
        if (p + 1 < n && s.charAt(p) == '\uD83D' && between(s.charAt(p + 1), '\uDE00', '\uDE4F')) {
            return p + 2; // emoticons block
        }
        if (p + 1 < n && s.charAt(p) == '\uD83E' && between(s.charAt(p + 1), '\uDD00', '\uDDFF')) {
            int q = p + 2; // supplemental symbols, optionally followed by a joined pictograph sequence
            int pict = pictographEnd(s, q);
            if (pict >= 0) {
                q = pict;
                while (q < n && s.charAt(q) == '\u200D' && pictographEnd(s, q + 1) >= 0) {
                    q = pictographEnd(s, q + 1);
                }
            }
            return q;
        }
        int joined = joinedPictographsEnd(s, p);
        if (joined >= 0) {
            return joined;
        }
        if (p + 1 < n && s.charAt(p) == '\uD83D' && between(s.charAt(p + 1), '\uDE80', '\uDEFA')) {
            return p + 2; // transport and map
        }
        char c = s.charAt(p);
        if (between(c, '\u2300', '\u23FF') || between(c, '\u2600', '\u26FF') || between(c, '\u2700', '\u27BF')) {
            return withVariation(s, p + 1); // technical, symbols, dingbats
        }
        if (p + 3 < n && s.charAt(p) == '\uD83C' && between(s.charAt(p + 1), '\uDD00', '\uDDFF')
                && s.charAt(p + 2) == '\uD83C' && between(s.charAt(p + 3), '\uDD00', '\uDDFF')) {
            return p + 4; // a flag: two regional indicators
        }
        return -1;
    }

    /** {@code (P tone? ZWJ)* P tone?}, the repetition taken greedily and never given back. */
    private static int joinedPictographsEnd(String s, int p) {
        int q = p;
        while (true) {
            int e = pictographEnd(s, q);
            if (e < 0) {
                break;
            }
            e = toneEnd(s, e);
            if (e < s.length() && s.charAt(e) == '\u200D') {
                q = e + 1;
            } else {
                break;
            }
        }
        int last = pictographEnd(s, q);
        return last < 0 ? -1 : toneEnd(s, last);
    }

    /** A miscellaneous symbol or pictograph with an optional variation selector. */
    private static int pictographEnd(String s, int p) {
        if (p + 1 >= s.length()) {
            return -1;
        }
        char hi = s.charAt(p);
        char lo = s.charAt(p + 1);
        if ((hi == '\uD83C' && between(lo, '\uDF00', '\uDFFF')) || (hi == '\uD83D' && between(lo, '\uDC00', '\uDDFF'))) {
            return withVariation(s, p + 2);
        }
        return -1;
    }

    private static int toneEnd(String s, int p) {
        return p + 1 < s.length() && s.charAt(p) == '\uD83C' && between(s.charAt(p + 1), '\uDFFB', '\uDFFF') ? p + 2 : p;
    }

    private static int withVariation(String s, int p) {
        return p < s.length() && between(s.charAt(p), '\uFE00', '\uFE0F') ? p + 1 : p;
    }

    private static boolean between(char c, char low, char high) {
        return c >= low && c <= high;
    }
}
