package dev.fedchat.server.message.markdown;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The inline grammar: what a paragraph, a list item or a quote line is made of. It is the parser's ordered
 * choice of alternatives — the first one that matches wins, and a repetition never gives back what it took —
 * with the emphasis rules of the original: bold, italic, strike and references each refuse to start inside
 * themselves (the {@code flags}), and italic has its {@code word_}, {@code __a__b} and {@code _a_b} plain-text
 * cases.
 *
 * <p>Design: every emphasis attempt, every content item and every run of content items is memoised per
 * position and flag state, so a failed {@code *} that is tried again from another alternative costs nothing;
 * with {@link TextScan}'s precomputed runs, the work is about linear in the text. One instance per parse;
 * not thread-safe.
 */
final class InlineRules {
    static final int BOLD = 1;
    static final int ITALIC = 2;
    static final int STRIKE = 4;
    static final int REFERENCES = 8;
    private static final int FLAG_STATES = 16;

    private static final int MAYBE_BOLD = 0;
    private static final int MAYBE_ITALIC = 1;
    private static final int MAYBE_STRIKE = 2;
    private static final int MAYBE_REFERENCES = 3;
    private static final int ITALIC_ITEM = 4;
    private static final int BOLD_ITEM = 5;
    private static final int STRIKE_ITEM = 6;
    private static final int TITLE_ITEM = 7;
    private static final int RULES = 8;
    private static final Match NO_MATCH = new Match(-1, null);

    private final String s;
    private final int n;
    private final MarkdownOptions options;
    private final AutoLinks autoLinks;
    private final TextScan scan;
    /** Emphasis kinds being parsed around the current position. */
    private int flags;
    /**
     * Per rule and flag state, the match at each position, in pages of {@code PAGE} positions (fewer for a
     * shorter text) allocated on first use: a long text touches few pages of most of the 128 tables.
     */
    private final Match[][][] memo = new Match[RULES * FLAG_STATES][][];
    /** Per item rule and flag state, 1 + the end of the run of items from each position (0: not yet known). */
    private final int[][][] runEnds = new int[RULES * FLAG_STATES][][];
    private static final int PAGE_BITS = 10;
    private static final int PAGE = 1 << PAGE_BITS;
    private long steps;

    InlineRules(String s, TextScan scan, MarkdownOptions options, AutoLinks autoLinks) {
        this.s = s;
        this.n = s.length();
        this.options = options;
        this.autoLinks = autoLinks;
        this.scan = scan;
    }

    long steps() {
        return steps;
    }

    // ---- inline content -------------------------------------------------------------------------------------

    /** {@code (InlineItem / Any)+ EndOfLine?}: the joined pieces, or null when there is none (at a line's end). */
    Match inline(int p) {
        List<Object> pieces = new ArrayList<>();
        int q = p;
        while (true) {
            Match m = inlineItem(q);
            if (m == null) {
                m = any(q);
            }
            if (m == null) {
                break;
            }
            pieces.add(m.value());
            q = m.end();
        }
        if (pieces.isEmpty()) {
            return null;
        }
        return new Match(endOfLine(q), PlainTexts.join(pieces));
    }

    /** The content of a {@code * item}: inline pieces, but an unconsumed {@code *} ends the item unmatched. */
    Match asteriskItemContent(int p) {
        List<Object> pieces = new ArrayList<>();
        int q = p;
        while (true) {
            Match m = inlineItem(q);
            if (m == null && q < n && s.charAt(q) != '*') {
                m = any(q);
            }
            if (m == null) {
                break;
            }
            pieces.add(m.value());
            q = m.end();
        }
        if (pieces.isEmpty() || (q < n && s.charAt(q) == '*')) {
            return null;
        }
        return new Match(endOfLine(q), PlainTexts.join(pieces));
    }

    int endOfLine(int q) {
        if (s.startsWith("\r\n", q)) {
            return q + 2;
        }
        return q < n && CharClasses.endOfLine(s.charAt(q)) ? q + 1 : q;
    }

    private Match inlineItem(int p) {
        if (p >= n) {
            return null;
        }
        steps++;
        Match m = whitespace(p);
        if (m == null) m = timestamp(p);
        if (m == null) m = maybeReferences(p);
        if (m == null) m = autolinkedPhone(p);
        if (m == null) m = autolinkedEmail(p);
        if (m == null) m = autolinkedUrl(p);
        if (m == null) m = emphasisWithWhitespace(p);
        if (m == null) m = emphasis(p);
        if (m == null) m = userMention(p);
        if (m == null) m = channelMention(p);
        if (m == null) m = emoji(p);
        if (m == null) m = inlineCode(p);
        if (m == null) m = image(p);
        if (m == null) m = emoticon(p);
        if (m == null) m = color(p);
        if (m == null) m = katexInline(p);
        if (m == null) m = escaped(p);
        return m;
    }

    /** One character, then as plain text whatever phone number and URL follow it directly ({@code Any}). */
    private Match any(int p) {
        if (p >= n || CharClasses.endOfLine(s.charAt(p))) {
            return null;
        }
        int q = p + 1;
        TextScan.Phone phone = scan.phone(q);
        if (phone != null) {
            q = phone.end();
        }
        int url = scan.urlEnd(q);
        if (url >= 0) {
            q = url;
        }
        return new Match(q, Nodes.plain(s.substring(p, q)));
    }

    // ---- emphasis -------------------------------------------------------------------------------------------

    private Match emphasis(int p) {
        Match m = maybeBold(p);
        if (m == null) m = maybeItalic(p);
        if (m == null) m = maybeStrike(p);
        return m;
    }

    private Match maybeBold(int p) {
        return guarded(BOLD, MAYBE_BOLD, p);
    }

    private Match maybeItalic(int p) {
        return guarded(ITALIC, MAYBE_ITALIC, p);
    }

    private Match maybeStrike(int p) {
        return guarded(STRIKE, MAYBE_STRIKE, p);
    }

    private Match maybeReferences(int p) {
        return guarded(REFERENCES, MAYBE_REFERENCES, p);
    }

    /** A rule that may not start inside itself: fails when {@code flag} is set, else runs with it set. */
    private Match guarded(int flag, int rule, int p) {
        return (flags & flag) != 0 ? null : memoized(rule, p, flag);
    }

    /** The rule's match at {@code p} under the current flags, evaluated once with {@code flag} added. */
    private Match memoized(int rule, int p, int flag) {
        if (p >= n) {
            return null;
        }
        Match[] table = page(rule, p);
        Match hit = table[p & (PAGE - 1)];
        if (hit != null) {
            return hit == NO_MATCH ? null : hit;
        }
        steps++;
        int flagsBefore = flags;
        flags |= flag;
        Match m = switch (rule) {
            case MAYBE_BOLD -> delimited(p, '*', BOLD_ITEM, "BOLD");
            case MAYBE_STRIKE -> delimited(p, '~', STRIKE_ITEM, "STRIKE");
            case MAYBE_ITALIC -> italic(p);
            case MAYBE_REFERENCES -> references(p);
            case ITALIC_ITEM -> emphasisItem(p, '_');
            case BOLD_ITEM -> emphasisItem(p, '*');
            case STRIKE_ITEM -> emphasisItem(p, '~');
            default -> titleItem(p);
        };
        flags = flagsBefore;
        page(rule, p)[p & (PAGE - 1)] = m == null ? NO_MATCH : m;
        return m;
    }

    /** {@code cc items cc} or {@code c items c} for bold and strike. */
    private Match delimited(int p, char c, int itemRule, String type) {
        String doubled = "" + c + c;
        if (s.startsWith(doubled, p)) {
            int e = runEnd(itemRule, p + 2);
            if (e > p + 2 && s.startsWith(doubled, e)) {
                return new Match(e + 2, Nodes.node(type, PlainTexts.join(items(itemRule, p + 2, e))));
            }
        }
        if (s.charAt(p) == c) {
            int e = runEnd(itemRule, p + 1);
            if (e > p + 1 && e < n && s.charAt(e) == c) {
                return new Match(e + 1, Nodes.node(type, PlainTexts.join(items(itemRule, p + 1, e))));
            }
        }
        return null;
    }

    /** The italic alternatives in the original's order; the first three give plain text, not ITALIC. */
    private Match italic(int p) {
        int word = scan.alnumRunEnd(p);
        if (word > p && word < n && s.charAt(word) == '_') {
            int end = word + 1 < n && s.charAt(word + 1) == '_' ? word + 2 : word + 1;
            return new Match(end, Nodes.plain(s.substring(p, end)));
        }
        boolean doubled = s.startsWith("__", p);
        if (doubled) {
            Match m = underscoredWord(p, 2, true);
            if (m != null) {
                return m;
            }
        }
        if (s.charAt(p) == '_') {
            Match m = underscoredWord(p, 1, false);
            if (m != null) {
                return m;
            }
        }
        if (doubled) {
            int e = runEnd(ITALIC_ITEM, p + 2);
            if (e > p + 2 && s.startsWith("__", e)) {
                return new Match(e + 2, Nodes.node("ITALIC", PlainTexts.join(items(ITALIC_ITEM, p + 2, e))));
            }
        }
        if (s.charAt(p) == '_') {
            int e = runEnd(ITALIC_ITEM, p + 1);
            if (e > p + 1 && e < n && s.charAt(e) == '_') {
                return new Match(e + 1, Nodes.node("ITALIC", PlainTexts.join(items(ITALIC_ITEM, p + 1, e))));
            }
        }
        return null;
    }

    /** {@code __a__b} (digits allowed after) or {@code _a_b} (letters only): plain text, the markers kept. */
    private Match underscoredWord(int p, int width, boolean digitsToo) {
        int e = runEnd(ITALIC_ITEM, p + width);
        if (e == p + width || e + width > n || !s.startsWith("__".substring(0, width), e)) {
            return null;
        }
        int tail = e + width;
        int t = digitsToo ? scan.alnumRunEnd(tail) : scan.letterRunEnd(tail);
        if (t == tail) {
            return null;
        }
        String marker = "__".substring(0, width);
        List<Object> pieces = new ArrayList<>();
        pieces.add(Nodes.plain(marker));
        pieces.addAll(PlainTexts.join(items(ITALIC_ITEM, p + width, e)));
        pieces.add(Nodes.plain(marker));
        pieces.add(Nodes.plain(s.substring(tail, t)));
        return new Match(t, PlainTexts.join(pieces));
    }

    /** {@code [title](target)} or {@code <target|title>}. */
    private Match references(int p) {
        char c = s.charAt(p);
        if (c == '[') {
            int e = runEnd(TITLE_ITEM, p + 1);
            if (s.startsWith("](", e)) {
                Target target = linkTarget(e + 2);
                if (target != null && target.end() < n && s.charAt(target.end()) == ')') {
                    List<Object> title = items(TITLE_ITEM, p + 1, e);
                    List<Object> label = title.isEmpty() ? null : PlainTexts.join(title);
                    return new Match(target.end() + 1, Nodes.link(target.href(s), label));
                }
            }
        } else if (c == '<') {
            Target target = linkTarget(p + 1);
            if (target != null && target.end() < n && s.charAt(target.end()) == '|') {
                int t = target.end() + 1;
                while (t < n && angleTitleChar(s.charAt(t))) {
                    t++;
                }
                if (t > target.end() + 1 && t < n && s.charAt(t) == '>') {
                    String title = s.substring(target.end() + 1, t);
                    return new Match(t + 1, Nodes.link(target.href(s), List.of(Nodes.plain(title))));
                }
            }
        }
        return null;
    }

    private static boolean angleTitleChar(char c) {
        return c >= 0x20 && c != '<' && c != '>' && c != '|';
    }

    /** A link target's end and, lazily, its href: a failing reference must not copy a long text. */
    private record Target(int start, int end, String phoneNumber) {
        String href(String s) {
            return phoneNumber == null ? s.substring(start, end) : "tel:" + phoneNumber;
        }
    }

    /** A URL, a {@code scheme:path} or a phone number ({@code tel:} and its digits). */
    private Target linkTarget(int p) {
        int e = scan.urlEnd(p);
        if (e < 0) {
            e = scan.filePathEnd(p);
        }
        if (e >= 0) {
            return new Target(p, e, null);
        }
        TextScan.Phone phone = scan.phone(p);
        return phone == null ? null : new Target(p, phone.end(), phone.number());
    }

    // ---- runs of content items ------------------------------------------------------------------------------

    private Match item(int rule, int p) {
        return memoized(rule, p, 0);
    }

    /** One piece of bold, italic or strike content; {@code delimiter} is the one character it may not be. */
    private Match emphasisItem(int p, char delimiter) {
        Match m = delimiter == '~' ? timestamp(p) : null;
        if (m == null) m = whitespace(p);
        if (m == null) m = inlineCode(p);
        if (m == null) m = maybeReferences(p);
        if (m == null) m = userMention(p);
        if (m == null) m = channelMention(p);
        if (m == null) m = delimiter == '*' ? maybeItalic(p) : delimiter == '_' ? maybeBold(p) : maybeItalic(p);
        if (m == null) m = delimiter == '~' ? maybeBold(p) : maybeStrike(p);
        if (m == null) m = emoji(p);
        if (m == null) m = emoticon(p);
        if (m == null) {
            char c = s.charAt(p);
            if (c != '\n' && c != delimiter && c != ' ') {
                m = new Match(p + 1, Nodes.plain(String.valueOf(c)));
            }
        }
        if (m == null) m = line(p);
        return m;
    }

    /** A piece of a link title: blanks, emphasis, or any character that does not start {@code ](x}. */
    private Match titleItem(int p) {
        Match m = whitespace(p);
        if (m == null) m = emphasis(p);
        if (m == null && !(s.startsWith("](", p) && p + 2 < n)) {
            m = new Match(p + 1, Nodes.plain(String.valueOf(s.charAt(p))));
        }
        return m;
    }

    /**
     * Where the run of {@code rule} items from {@code start} ends, under the current flags. Walks forward until
     * an item fails or a position whose run end is known, then records the end for every position walked: each
     * position is walked once per flag state, however many runs pass through it.
     */
    private int runEnd(int rule, int start) {
        List<Integer> walked = new ArrayList<>();
        int q = start;
        int end;
        while (true) {
            int known = runEndPage(rule, q)[q & (PAGE - 1)];
            if (known != 0) {
                end = known - 1;
                break;
            }
            Match m = item(rule, q);
            if (m == null) {
                end = q;
                break;
            }
            walked.add(q);
            q = m.end();
        }
        runEndPage(rule, q)[q & (PAGE - 1)] = end + 1;
        for (int w : walked) {
            runEndPage(rule, w)[w & (PAGE - 1)] = end + 1;
        }
        return end;
    }

    private int[] runEndPage(int rule, int p) {
        int index = rule * FLAG_STATES + flags;
        if (runEnds[index] == null) {
            runEnds[index] = new int[(n >> PAGE_BITS) + 1][];
        }
        int[][] pages = runEnds[index];
        if (pages[p >> PAGE_BITS] == null) {
            pages[p >> PAGE_BITS] = new int[Math.min(PAGE, n + 1)];
        }
        return pages[p >> PAGE_BITS];
    }

    /** The items of a run whose end {@link #runEnd} found (all memoised by then). */
    private List<Object> items(int rule, int start, int end) {
        List<Object> values = new ArrayList<>();
        for (int q = start; q < end; ) {
            Match m = item(rule, q);
            values.add(m.value());
            q = m.end();
        }
        return values;
    }

    private Match[] page(int rule, int p) {
        int index = rule * FLAG_STATES + flags;
        if (memo[index] == null) {
            memo[index] = new Match[(n >> PAGE_BITS) + 1][];
        }
        Match[][] pages = memo[index];
        if (pages[p >> PAGE_BITS] == null) {
            pages[p >> PAGE_BITS] = new Match[Math.min(PAGE, n + 1)];
        }
        return pages[p >> PAGE_BITS];
    }

    // ---- single pieces --------------------------------------------------------------------------------------

    private Match whitespace(int p) {
        int q = p < n && CharClasses.space(s.charAt(p)) ? spaceRunEnd(p) : p;
        return q > p ? new Match(q, Nodes.plain(s.substring(p, q))) : null;
    }

    /** {@code Space* AnyText+ Space*}. */
    private Match line(int p) {
        int q = p;
        while (q < n && CharClasses.space(s.charAt(q))) {
            q++;
        }
        int text = q;
        while (q < n && CharClasses.anyText(s.charAt(q))) {
            q++;
        }
        if (q == text) {
            return null;
        }
        while (q < n && CharClasses.space(s.charAt(q))) {
            q++;
        }
        return new Match(q, Nodes.plain(s.substring(p, q)));
    }

    /** {@code <t:1234567890>} or {@code <t:1234567890:R>}: ten digits, an optional format. */
    private Match timestamp(int p) {
        if (!s.startsWith("<t:", p)) {
            return null;
        }
        int d = p + 3;
        if (d + 10 > n || scan.digitRunEnd(d) < d + 10) {
            return null;
        }
        String seconds = s.substring(d, d + 10);
        int q = d + 10;
        if (q + 2 < n && s.charAt(q) == ':' && "tTdDfFR".indexOf(s.charAt(q + 1)) >= 0 && s.charAt(q + 2) == '>') {
            return new Match(q + 3, Nodes.timestamp(seconds, String.valueOf(s.charAt(q + 1))));
        }
        return q < n && s.charAt(q) == '>' ? new Match(q + 1, Nodes.timestamp(seconds, null)) : null;
    }

    private Match autolinkedPhone(int p) {
        TextScan.Phone phone = scan.phone(p);
        if (phone == null) {
            return null;
        }
        Object node = phone.number().length() < 5 ? Nodes.plain(phone.text())
                : Nodes.link("tel:" + phone.number(), List.of(Nodes.plain(phone.text())));
        return new Match(phone.end(), node);
    }

    private Match autolinkedEmail(int p) {
        int[] address = scan.email(p);
        if (address == null) {
            return null;
        }
        String text = s.substring(address[0], address[1]);
        Object node = autoLinks.emailLinks(text) ? Nodes.link("mailto:" + text, List.of(Nodes.plain(text)))
                : Nodes.plain(text);
        return new Match(address[1], node);
    }

    private Match autolinkedUrl(int p) {
        int e = scan.autoLinkEnd(p);
        if (e < 0) {
            return null;
        }
        String text = s.substring(p, e);
        String href = autoLinks.linkHref(text);
        return new Match(e, href == null ? Nodes.plain(text) : Nodes.link(href, List.of(Nodes.plain(text))));
    }

    /** {@code * *}, {@code __  __}, {@code ~ ~}: markers around blanks only stay text. */
    private Match emphasisWithWhitespace(int p) {
        char c = s.charAt(p);
        if (c != '*' && c != '_' && c != '~') {
            return null;
        }
        int blank = scan.sameRunEnd(p);
        int q = blank < n && CharClasses.space(s.charAt(blank)) ? spaceRunEnd(blank) : blank;
        if (q == blank || q >= n || s.charAt(q) != c) {
            return null;
        }
        q = scan.sameRunEnd(q);
        return new Match(q, Nodes.plain(s.substring(p, q)));
    }

    /** {@code @name}, {@code @name@domain}, {@code @name:x}; after a text character, {@code a@b} is text. */
    private Match userMention(int p) {
        if (CharClasses.anyText(s.charAt(p)) && p + 1 < n && s.charAt(p + 1) == '@') {
            int q = scan.sameRunEnd(p + 1);
            if (q < n && CharClasses.alphaNumeric(s.charAt(q))) {
                return new Match(q + 1, Nodes.plain(s.charAt(p) + "@" + s.charAt(q)));
            }
        }
        if (s.charAt(p) != '@') {
            return null;
        }
        int q = scan.sameRunEnd(p);
        int name = nameRun(q);
        if (name == q) {
            return null;
        }
        int end = name;
        if (name < n && (s.charAt(name) == ':' || s.charAt(name) == '@') && nameRun(name + 1) > name + 1) {
            end = nameRun(name + 1);
        }
        return new Match(end, Nodes.mention("MENTION_USER", s.substring(q, end)));
    }

    /** {@code #channel}; after a text character, {@code a#b} is text. */
    private Match channelMention(int p) {
        if (CharClasses.anyText(s.charAt(p)) && p + 2 < n && s.charAt(p + 1) == '#'
                && CharClasses.alphaNumeric(s.charAt(p + 2))) {
            return new Match(p + 3, Nodes.plain(s.charAt(p) + "#" + s.charAt(p + 2)));
        }
        if (s.charAt(p) != '#') {
            return null;
        }
        int name = nameRun(p + 1);
        return name > p + 1 ? new Match(name, Nodes.mention("MENTION_CHANNEL", s.substring(p + 1, name))) : null;
    }

    /** Blanks mix spaces and tabs, so their run is not one repeated character. */
    private int spaceRunEnd(int p) {
        int q = p;
        while (q < n && CharClasses.space(s.charAt(q))) {
            q = scan.sameRunEnd(q);
        }
        return q;
    }

    private int nameRun(int p) {
        int q = p;
        while (q < n && CharClasses.nameChar(s.charAt(q))) {
            q++;
        }
        return q;
    }

    /** {@code :short_code:} or a unicode emoji. */
    Match emoji(int p) {
        if (p >= n) {
            return null;
        }
        if (s.charAt(p) == ':') {
            int q = p + 1;
            while (q < n && shortCodeChar(s.charAt(q))) {
                q++;
            }
            if (q > p + 1 && q < n && s.charAt(q) == ':') {
                return new Match(q + 1, Nodes.emoji(s.substring(p + 1, q)));
            }
        }
        int e = Emojis.unicodeEmojiEnd(s, p);
        return e < 0 ? null : new Match(e, Nodes.unicodeEmoji(s.substring(p, e)));
    }

    private static boolean shortCodeChar(char c) {
        return CharClasses.asciiAlnum(c) || c == '-' || c == '_' || c == '+' || c == '.';
    }

    Match emoticon(int p) {
        if (!options.emoticons() || p >= n) {
            return null;
        }
        Emojis.Emoticon e = Emojis.emoticonAt(s, p);
        return e == null ? null : new Match(p + e.text().length(), Nodes.emoticon(e.text(), e.shortCode()));
    }

    /** {@code `code`}: one line, at least one character. */
    private Match inlineCode(int p) {
        if (s.charAt(p) != '`') {
            return null;
        }
        int q = p + 1;
        while (q < n && s.charAt(q) != '`' && s.charAt(q) != '\n') {
            q++;
        }
        if (q == p + 1 || q >= n || s.charAt(q) != '`') {
            return null;
        }
        return new Match(q + 1, Nodes.node("INLINE_CODE", Nodes.plain(s.substring(p + 1, q))));
    }

    /** {@code ![title](target)}; the title is one plain text of a line. */
    private Match image(int p) {
        if (!s.startsWith("![", p)) {
            return null;
        }
        Match title = line(p + 2);
        int q = title == null ? p + 2 : title.end();
        if (!s.startsWith("](", q)) {
            return null;
        }
        Target target = linkTarget(q + 2);
        if (target == null || target.end() >= n || s.charAt(target.end()) != ')') {
            return null;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> label = title == null ? null : (Map<String, Object>) title.value();
        return new Match(target.end() + 1, Nodes.image(target.href(s), label));
    }

    /** {@code color:#rgb}, {@code #rgba}, {@code #rrggbb} or {@code #rrggbbaa}, not followed by text. */
    private Match color(int p) {
        if (!options.colors() || !s.startsWith("color:#", p)) {
            return null;
        }
        int h = p + 7;
        int hex = h;
        while (hex < n && hex - h < 8 && CharClasses.hexDigit(s.charAt(hex))) {
            hex++;
        }
        int digits = hex - h;
        int[] rgba;
        int end;
        if (digits >= 6) {
            int bytes = Math.min(digits / 2, 4);
            rgba = new int[bytes];
            for (int i = 0; i < bytes; i++) {
                rgba[i] = Integer.parseInt(s.substring(h + 2 * i, h + 2 * i + 2), 16);
            }
            end = h + 2 * bytes;
        } else if (digits >= 3) {
            int nibbles = Math.min(digits, 4);
            rgba = new int[nibbles];
            for (int i = 0; i < nibbles; i++) {
                rgba[i] = Integer.parseInt("" + s.charAt(h + i) + s.charAt(h + i), 16);
            }
            end = h + nibbles;
        } else {
            return null;
        }
        if (end < n && CharClasses.anyText(s.charAt(end))) {
            return null;
        }
        return new Match(end, Nodes.color(rgba[0], rgba[1], rgba[2], rgba.length > 3 ? rgba[3] : 255));
    }

    /** {@code \(…\)} (and {@code $…$} with the dollar syntax): the first end marker closes it. */
    private Match katexInline(int p) {
        int content;
        if (options.katexParenthesis() && s.startsWith("\\(", p)) {
            content = p + 2;
        } else if (options.katexDollar() && s.charAt(p) == '$') {
            content = p + 1;
        } else {
            return null;
        }
        int q = scan.firstCloser(content, at -> inlineKatexEnd(at) > 0, 0);
        return q < 0 ? null : new Match(q + inlineKatexEnd(q), Nodes.node("INLINE_KATEX", s.substring(content, q)));
    }

    private int inlineKatexEnd(int q) {
        if (options.katexParenthesis() && s.startsWith("\\)", q)) {
            return 2;
        }
        return options.katexDollar() && s.charAt(q) == '$' ? 1 : 0;
    }

    /** {@code \*} and the like: the character as text. */
    private Match escaped(int p) {
        if (s.charAt(p) == '\\' && p + 1 < n && "*_~`#.".indexOf(s.charAt(p + 1)) >= 0) {
            return new Match(p + 2, Nodes.plain(String.valueOf(s.charAt(p + 1))));
        }
        return null;
    }
}
