package dev.fedchat.server.message.markdown;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How the parser joins the inline pieces it matched one by one ({@code reducePlainTexts} in the original):
 * nested piece lists are flattened one level, neighbouring PLAIN_TEXT nodes become one, and a short-code emoji
 * or emoticon that touches text or another emoji falls back to plain text ({@code a:smile:b} is no emoji, and
 * {@code :):)} two plain smileys), while one between blanks stays an EMOJI. Pure: the inputs are not changed.
 */
final class PlainTexts {
    private PlainTexts() {}

    static List<Object> join(List<?> pieces) {
        List<Object> flat = new ArrayList<>(pieces.size());
        for (Object piece : pieces) {
            if (piece instanceof List<?> list) {
                flat.addAll(list);
            } else {
                flat.add(piece);
            }
        }
        List<Object> joined = new ArrayList<>(flat.size());
        StringBuilder text = null; // the run of plain text being joined, built once (a paragraph may hold 100 000)
        for (int i = 0; i < flat.size(); i++) {
            Object previous = i > 0 ? flat.get(i - 1) : null;
            Object next = i + 1 < flat.size() ? flat.get(i + 1) : null;
            Object current = emojiOrText(flat.get(i), previous, next);
            if (Nodes.isPlain(current)) {
                if (text == null) {
                    text = new StringBuilder(Nodes.text(current));
                } else {
                    text.append(Nodes.text(current));
                }
                continue;
            }
            if (text != null) {
                joined.add(Nodes.plain(text.toString()));
                text = null;
            }
            joined.add(current);
        }
        if (text != null) {
            joined.add(Nodes.plain(text.toString()));
        }
        return joined;
    }

    /** The neighbours are the pieces as matched, before any joining. */
    private static Object emojiOrText(Object current, Object previous, Object next) {
        if (!Nodes.EMOJI.equals(Nodes.type(current)) || !(current instanceof Map<?, ?> emoji)
                || emoji.get("value") == null || (previous == null && next == null)) {
            return current;
        }
        boolean emojiNeighbour = Nodes.EMOJI.equals(Nodes.type(previous)) || Nodes.EMOJI.equals(Nodes.type(next));
        boolean textNeighbour = isText(previous) || isText(next);
        if (!emojiNeighbour && !textNeighbour) {
            return current;
        }
        String text = Nodes.text(emoji.get("value"));
        boolean emoticon = !text.equals(emoji.get("shortCode"));
        return Nodes.plain(emoticon ? text : ":" + text + ":");
    }

    private static boolean isText(Object node) {
        return Nodes.isPlain(node) && !JsText.isBlank(Nodes.text(node));
    }
}
