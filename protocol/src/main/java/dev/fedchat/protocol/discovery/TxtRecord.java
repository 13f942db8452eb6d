package dev.fedchat.protocol.discovery;

import java.util.List;

/**
 * A TXT record: one record made of one or more character-strings of at most 255 bytes each
 * (RFC 1035 §3.3.14). Resolvers hand the strings of one record over separately; Rocket.Chat
 * joins them with nothing in between (federation-protocol.md §4.1 step 7).
 */
public record TxtRecord(String name, int ttl, List<String> strings) implements DnsRecord {
    /** The longest character-string DNS can carry: its length is one byte. */
    public static final int MAX_STRING_BYTES = 255;

    public TxtRecord {
        strings = List.copyOf(strings);
        if (strings.isEmpty()) {
            throw new IllegalArgumentException("a TXT record needs at least one string");
        }
        for (String s : strings) {
            if (s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_STRING_BYTES) {
                throw new IllegalArgumentException("a TXT string is longer than " + MAX_STRING_BYTES + " bytes: " + s);
            }
        }
    }

    @Override
    public String type() {
        return "TXT";
    }

    /** The strings quoted and separated by one space: the form to paste into a provider's single text box. */
    @Override
    public String value() {
        StringBuilder b = new StringBuilder();
        for (String s : strings) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append('"').append(s.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return b.toString();
    }

    /** The strings joined with nothing in between: the text a resolver's user reads. */
    public String text() {
        return String.join("", strings);
    }
}
