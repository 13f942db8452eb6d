package dev.fedchat.server.message.markdown;

import java.util.List;
import java.util.Map;

/**
 * A message's text parsed into the {@code md} field Rocket.Chat 6 stores and sends with every message: the AST
 * of {@code @rocket.chat/message-parser} 0.31.31 (the version Rocket.Chat 6.13 ships), which Rocket.Chat's web
 * client and mobile app render instead of the raw {@code msg}.
 *
 * <p>The AST is plain Java values — {@code List}, {@code LinkedHashMap} (members in the order Rocket.Chat
 * writes them), {@code String}, {@code Integer}, {@code Boolean} — ready for Jackson. Members that Rocket.Chat
 * leaves {@code undefined} (a LINE_BREAK's and a unicode EMOJI's {@code value}) are absent, as in its JSON.
 *
 * <p>Written here from the parser's grammar and its observed output (MessageMarkdownOracleTest holds both
 * against a corpus); the parse is memoised per position, so its cost grows about linearly with the text where
 * the original backtracks.
 *
 * <p>Immutable and thread-safe: each call works on its own state.
 */
public final class MessageMarkdown {
    private final MarkdownOptions options;
    private final AutoLinks autoLinks;

    public MessageMarkdown(MarkdownOptions options) {
        this.options = options;
        this.autoLinks = new AutoLinks(options.customDomains());
    }

    /** A parser with Rocket.Chat 6's default settings ({@link MarkdownOptions#rocketChatDefaults()}). */
    public static MessageMarkdown rocketChatDefaults() {
        return new MessageMarkdown(MarkdownOptions.rocketChatDefaults());
    }

    /**
     * The {@code md} of a message whose text is {@code text}: a list of block nodes, or one BIG_EMOJI node for a
     * message of one to three emoji only. An empty text gives an empty list (Rocket.Chat never parses one).
     */
    public List<Map<String, Object>> parse(String text) {
        return new MarkdownParse(text, options, autoLinks).blocks();
    }

    /** Rule evaluations one parse of {@code text} costs: what the linearity property counts. */
    long steps(String text) {
        MarkdownParse parse = new MarkdownParse(text, options, autoLinks);
        parse.blocks();
        return parse.steps();
    }
}
