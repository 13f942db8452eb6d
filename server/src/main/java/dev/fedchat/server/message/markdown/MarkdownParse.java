package dev.fedchat.server.message.markdown;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One parse of one text: the block grammar (quotes, code fences, headings, task and ordered and unordered
 * lists, KaTeX blocks, blank lines, paragraphs) over {@link InlineRules}, or the single BIG_EMOJI node of a
 * message made of one to three emoji and blanks. Blocks are tried in the original's order at each block start;
 * what matches first is kept. Not thread-safe: {@link MessageMarkdown} makes one per call.
 */
final class MarkdownParse {
    private static final int MAX_BIG_EMOJI = 3;

    private final String s;
    private final int n;
    private final MarkdownOptions options;
    private final InlineRules inline;
    private final TextScan scan;

    MarkdownParse(String s, MarkdownOptions options, AutoLinks autoLinks) {
        this.s = s;
        this.n = s.length();
        this.options = options;
        this.scan = new TextScan(s);
        this.inline = new InlineRules(s, scan, options, autoLinks);
    }

    long steps() {
        return inline.steps();
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> blocks() {
        List<Map<String, Object>> blocks = new ArrayList<>();
        if (n == 0) {
            return blocks;
        }
        Map<String, Object> big = bigEmoji();
        if (big != null) {
            blocks.add(big);
            return blocks;
        }
        int p = 0;
        while (p < n) {
            Match m = block(p);
            if (m == null) {
                m = paragraph(p);
            }
            if (m == null) { // a line end no block took; LineBreak takes every one, so this is for completeness
                m = new Match(inline.endOfLine(p), Nodes.paragraph(List.of(Nodes.plain(""))));
            }
            blocks.add((Map<String, Object>) m.value());
            p = m.end();
        }
        return blocks;
    }

    /** Blanks and line ends around one to three emoji or emoticons, and nothing else. */
    private Map<String, Object> bigEmoji() {
        List<Object> emoji = new ArrayList<>();
        int p = blanks(0);
        while (emoji.size() < MAX_BIG_EMOJI) {
            Match m = inline.emoji(p);
            if (m == null) {
                m = inline.emoticon(p);
            }
            if (m == null) {
                break;
            }
            emoji.add(m.value());
            p = blanks(m.end());
        }
        return !emoji.isEmpty() && p == n ? Nodes.node("BIG_EMOJI", emoji) : null;
    }

    private int blanks(int p) {
        int q = p;
        while (q < n && (CharClasses.space(s.charAt(q)) || CharClasses.endOfLine(s.charAt(q)))) {
            q++;
        }
        return q;
    }

    private Match block(int p) {
        Match m = blockquote(p);
        if (m == null) m = code(p);
        if (m == null) m = heading(p);
        if (m == null) m = tasks(p);
        if (m == null) m = orderedList(p);
        if (m == null) m = unorderedList(p);
        if (m == null) m = katex(p);
        if (m == null) m = lineBreak(p);
        return m;
    }

    @SuppressWarnings("unchecked")
    private Match paragraph(int p) {
        Match m = inline.inline(p);
        return m == null ? null : new Match(m.end(), Nodes.paragraph((List<Object>) m.value()));
    }

    private int spacesEnd(int p) {
        int q = p;
        while (q < n && CharClasses.space(s.charAt(q))) {
            q++;
        }
        return q;
    }

    /** Lines of {@code > text}, each a paragraph. */
    private Match blockquote(int p) {
        List<Object> lines = new ArrayList<>();
        int q = p;
        while (q < n && s.charAt(q) == '>') {
            Match line = paragraph(spacesEnd(q + 1));
            if (line == null) {
                break;
            }
            lines.add(line.value());
            q = line.end();
        }
        return lines.isEmpty() ? null : new Match(q, Nodes.node("QUOTE", lines));
    }

    /** A fence: {@code ```lang}, a line end, lines, a line end and {@code ```}. */
    private Match code(int p) {
        if (!s.startsWith("```", p)) {
            return null;
        }
        int q = p + 3;
        while (q < n && codeLanguageChar(s.charAt(q))) {
            q++;
        }
        String language = s.substring(p + 3, q);
        int afterEol = inline.endOfLine(q);
        if (afterEol == q) {
            return null;
        }
        q = afterEol;
        List<Object> lines = new ArrayList<>();
        while (true) {
            int chunk = codeChunkEnd(q);
            if (chunk > q) {
                lines.add(codeLine(s.substring(q, chunk)));
                q = chunk;
            } else if (q < n && s.charAt(q) == '\n' && codeChunkEnd(q + 1) > q + 1) {
                int end = codeChunkEnd(q + 1);
                lines.add(codeLine(s.substring(q + 1, end)));
                q = end;
            } else if (q < n && s.charAt(q) == '\n' && !s.startsWith("```", q + 1)) {
                lines.add(codeLine(""));
                q = q + 1;
            } else {
                break;
            }
        }
        int close = inline.endOfLine(q);
        if (lines.isEmpty() || close == q || !s.startsWith("```", close)) {
            return null;
        }
        return new Match(close + 3, Nodes.code(lines, language));
    }

    private static boolean codeLanguageChar(char c) {
        return CharClasses.asciiAlnum(c) || c == ' ' || c == '_' || c == '-' || c == '.';
    }

    /** The end of the code text from {@code p}: up to a line end or a {@code ```}. */
    private int codeChunkEnd(int p) {
        int q = p;
        while (q < n && !CharClasses.endOfLine(s.charAt(q)) && !s.startsWith("```", q)) {
            q++;
        }
        return q;
    }

    private static Map<String, Object> codeLine(String text) {
        return Nodes.node("CODE_LINE", Nodes.plain(text));
    }

    /** {@code #} to {@code ####}, blanks, and the rest of the line as plain text (its line end not taken). */
    private Match heading(int p) {
        int q = p;
        while (q < n && q - p < 4 && s.charAt(q) == '#') {
            q++;
        }
        int level = q - p;
        int text = spacesEnd(q);
        if (level == 0 || text == q) {
            return null;
        }
        int end = text;
        while (end < n && !CharClasses.endOfLine(s.charAt(end))) {
            end++;
        }
        return end > text ? new Match(end, Nodes.heading(s.substring(text, end), level)) : null;
    }

    /** Lines of {@code - [x] text} or {@code - [ ] text}. */
    @SuppressWarnings("unchecked")
    private Match tasks(int p) {
        List<Object> items = new ArrayList<>();
        int q = p;
        while (s.startsWith("- [", q) && q + 4 < n && (s.charAt(q + 3) == 'x' || s.charAt(q + 3) == ' ')
                && s.charAt(q + 4) == ']') {
            int text = spacesEnd(q + 5);
            Match content = text > q + 5 ? inline.inline(text) : null;
            if (content == null) {
                break;
            }
            items.add(Nodes.task((List<Object>) content.value(), s.charAt(q + 3) == 'x'));
            q = content.end();
        }
        return items.isEmpty() ? null : new Match(q, Nodes.node("TASKS", items));
    }

    /** Lines of {@code 12. text}. */
    @SuppressWarnings("unchecked")
    private Match orderedList(int p) {
        List<Object> items = new ArrayList<>();
        int q = p;
        while (q < n && CharClasses.digit(s.charAt(q))) {
            int digits = scan.digitRunEnd(q);
            if (digits >= n || s.charAt(digits) != '.') {
                break;
            }
            int text = spacesEnd(digits + 1);
            Match content = text > digits + 1 ? inline.inline(text) : null;
            if (content == null) {
                break;
            }
            items.add(Nodes.listItem((List<Object>) content.value(), number(s.substring(q, digits))));
            q = content.end();
        }
        return items.isEmpty() ? null : new Match(q, Nodes.node("ORDERED_LIST", items));
    }

    /** JavaScript's {@code parseInt}: digits beyond an int's range give a large or infinite number there. */
    private static Integer number(String digits) {
        try {
            return Integer.valueOf(digits);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE; // a deliberate difference: such a list number is no chat message
        }
    }

    /** Lines of {@code - text}, or else lines of {@code * text}. */
    @SuppressWarnings("unchecked")
    private Match unorderedList(int p) {
        for (char marker : new char[] {'-', '*'}) {
            List<Object> items = new ArrayList<>();
            int q = p;
            while (q < n && s.charAt(q) == marker) {
                int text = spacesEnd(q + 1);
                if (text == q + 1) {
                    break;
                }
                Match content = marker == '-' ? inline.inline(text) : inline.asteriskItemContent(text);
                if (content == null) {
                    break;
                }
                items.add(Nodes.listItem((List<Object>) content.value(), null));
                q = content.end();
            }
            if (!items.isEmpty()) {
                return new Match(q, Nodes.node("UNORDERED_LIST", items));
            }
        }
        return null;
    }

    /** {@code \[…\]} (and {@code $$…$$} with the dollar syntax), over any number of lines. */
    private Match katex(int p) {
        int content;
        if (options.katexParenthesis() && s.startsWith("\\[", p)) {
            content = p + 2;
        } else if (options.katexDollar() && s.startsWith("$$", p)) {
            content = p + 2;
        } else {
            return null;
        }
        int close = scan.firstCloser(content, q -> katexEnd(q), 1);
        return close < 0 ? null : new Match(close + 2, Nodes.node("KATEX", s.substring(content, close)));
    }

    private boolean katexEnd(int q) {
        return (options.katexParenthesis() && s.startsWith("\\]", q)) || (options.katexDollar() && s.startsWith("$$", q));
    }

    /** Blanks up to a line end: an empty line. */
    private Match lineBreak(int p) {
        int q = spacesEnd(p);
        int end = inline.endOfLine(q);
        return end > q ? new Match(end, Nodes.lineBreak()) : null;
    }
}
