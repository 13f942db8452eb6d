package dev.fedchat.server.message;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds {@code @username} mentions in message text. A mention starts at the beginning or after a
 * character that cannot be part of a name (so {@code bob@example.org} is not a mention of
 * {@code example.org}), and may carry a domain ({@code @alice@alpha.example}) for federated users.
 */
final class Mentions {
    private static final Pattern MENTION =
            Pattern.compile("(?<![\\w@.\\-])@([0-9a-zA-Z\\-_.]+(?:@[0-9a-zA-Z\\-.]+[0-9a-zA-Z])?)");

    private Mentions() {}

    /** The mentioned names, in order of appearance, without duplicates and without trailing dots. */
    static Set<String> names(String text) {
        Set<String> names = new LinkedHashSet<>();
        if (text == null) {
            return names;
        }
        Matcher m = MENTION.matcher(text);
        while (m.find()) {
            String name = m.group(1);
            while (name.endsWith(".")) {
                name = name.substring(0, name.length() - 1);
            }
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }
}
