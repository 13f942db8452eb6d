package dev.fedchat.server.message.markdown;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The AST's node shapes, one factory per node type of {@code @rocket.chat/message-parser}'s definitions, each
 * with the members in the order Rocket.Chat writes them. Nodes are maps and are never changed once built: the
 * parse memoises them and may hand one out more than once.
 */
final class Nodes {
    static final String PLAIN = "PLAIN_TEXT";
    static final String EMOJI = "EMOJI";

    private Nodes() {}

    static Map<String, Object> node(String type, Object value) {
        Map<String, Object> node = new LinkedHashMap<>(4);
        node.put("type", type);
        node.put("value", value);
        return node;
    }

    static Map<String, Object> plain(String text) {
        return node(PLAIN, text);
    }

    static boolean isPlain(Object node) {
        return node instanceof Map<?, ?> map && PLAIN.equals(map.get("type"));
    }

    static String text(Object plainNode) {
        return (String) ((Map<?, ?>) plainNode).get("value");
    }

    static String type(Object node) {
        return node instanceof Map<?, ?> map ? (String) map.get("type") : null;
    }

    static Map<String, Object> paragraph(List<Object> inlines) {
        return node("PARAGRAPH", inlines);
    }

    static Map<String, Object> heading(String text, int level) {
        Map<String, Object> node = new LinkedHashMap<>(4);
        node.put("type", "HEADING");
        node.put("level", level);
        node.put("value", List.of(plain(text)));
        return node;
    }

    static Map<String, Object> code(List<Object> lines, String language) {
        Map<String, Object> node = new LinkedHashMap<>(4);
        node.put("type", "CODE");
        node.put("language", language == null || language.isEmpty() ? "none" : language);
        node.put("value", lines);
        return node;
    }

    static Map<String, Object> task(List<Object> inlines, boolean done) {
        Map<String, Object> node = new LinkedHashMap<>(4);
        node.put("type", "TASK");
        node.put("status", done);
        node.put("value", inlines);
        return node;
    }

    /** A list item; Rocket.Chat leaves out a {@code number} of 0 (its factory tests the number for truth). */
    static Map<String, Object> listItem(List<Object> inlines, Integer number) {
        Map<String, Object> node = node("LIST_ITEM", inlines);
        if (number != null && number != 0) {
            node.put("number", number);
        }
        return node;
    }

    static Map<String, Object> lineBreak() {
        Map<String, Object> node = new LinkedHashMap<>(2);
        node.put("type", "LINE_BREAK");
        return node;
    }

    static Map<String, Object> color(int r, int g, int b, int a) {
        Map<String, Object> rgba = new LinkedHashMap<>(4);
        rgba.put("r", r);
        rgba.put("g", g);
        rgba.put("b", b);
        rgba.put("a", a);
        return node("COLOR", rgba);
    }

    static Map<String, Object> link(String href, List<Object> label) {
        Map<String, Object> value = new LinkedHashMap<>(2);
        value.put("src", plain(href));
        value.put("label", label == null ? List.of(plain(href)) : label);
        return node("LINK", value);
    }

    static Map<String, Object> image(String href, Map<String, Object> label) {
        Map<String, Object> value = new LinkedHashMap<>(2);
        value.put("src", plain(href));
        value.put("label", label == null ? plain(href) : label);
        return node("IMAGE", value);
    }

    static Map<String, Object> emoji(String shortCode) {
        return emoticon(shortCode, shortCode);
    }

    /** An emoticon is an EMOJI whose plain value ({@code :)}) differs from its short code. */
    static Map<String, Object> emoticon(String text, String shortCode) {
        Map<String, Object> node = node(EMOJI, plain(text));
        node.put("shortCode", shortCode);
        return node;
    }

    static Map<String, Object> unicodeEmoji(String unicode) {
        Map<String, Object> node = new LinkedHashMap<>(2);
        node.put("type", EMOJI);
        node.put("unicode", unicode);
        return node;
    }

    static Map<String, Object> timestamp(String seconds, String format) {
        String f = format == null ? "t" : format;
        Map<String, Object> value = new LinkedHashMap<>(2);
        value.put("timestamp", seconds);
        value.put("format", f);
        Map<String, Object> node = node("TIMESTAMP", value);
        node.put("fallback", plain("<t:" + seconds + ":" + f + ">"));
        return node;
    }

    static Map<String, Object> mention(String type, String name) {
        return node(type, plain(name));
    }
}
