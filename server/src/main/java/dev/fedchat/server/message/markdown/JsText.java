package dev.fedchat.server.message.markdown;

/** JavaScript's idea of white space ({@code String.prototype.trim}), which is wider than Java's {@code strip}. */
final class JsText {
    private JsText() {}

    static boolean isBlank(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (!isWhiteSpace(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean isWhiteSpace(char c) {
        return switch (c) {
            case '\t', '\n', '\u000B', '\f', '\r', ' ', '\u00A0', '\u1680', '\u2028', '\u2029', '\u202F', '\u205F',
                    '\u3000', '\uFEFF' -> true;
            default -> c >= '\u2000' && c <= '\u200A';
        };
    }
}
