package dev.fedchat.server.message.markdown;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The parser never throws and always answers a serialisable AST: on arbitrary strings (any UTF-16 units, lone
 * surrogates included) and on strings built from the markup's own pieces, where the rules interact most.
 */
class MessageMarkdownProperties {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final MessageMarkdown markdown = MessageMarkdown.rocketChatDefaults();
    private final MessageMarkdown everythingOn = new MessageMarkdown(new MarkdownOptions(true, true, true, true,
            List.of("intranet", "corp.example")));

    @Property(tries = 1000)
    void anyString_parsesWithoutThrowing(@ForAll("anyText") String text) throws Exception {
        assertParses(markdown, text);
        assertParses(everythingOn, text);
    }

    @Property(tries = 2000)
    void markupSoup_parsesWithoutThrowing(@ForAll("markupSoup") String text) throws Exception {
        assertParses(markdown, text);
        assertParses(everythingOn, text);
    }

    private static void assertParses(MessageMarkdown parser, String text) throws Exception {
        List<Map<String, Object>> md = parser.parse(text);
        assertThat(md.isEmpty()).as("an empty md exactly for an empty text").isEqualTo(text.isEmpty());
        assertThat(JSON.writeValueAsString(md)).startsWith("[");
    }

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.strings().all().ofMaxLength(300);
    }

    @Provide
    Arbitrary<String> markupSoup() {
        Arbitrary<String> piece = Arbitraries.of("*", "**", "_", "__", "~", "~~", "`", "```", "\n", "\r\n", "> ", "# ",
                "- ", "* ", "1. ", "- [x] ", " ", "\t", "word", "a.b", "x.com", "https://a.org/p?q=(1)", "(", ")", "[",
                "]", "](", "<", ">", "|", "@", "@bob", "@bob@x.org", "#chan", "b@x.com", "mailto:", ":", ":smile:",
                ":)", "<3", "-_-", "😀", "👍🏽", "🇧🇷", "\uD83D", "\\", "\\*", "+5511999998888", "+(1)2-3",
                "color:#fff", "color:#ff000080", "<t:1630360800:R>", "\\(", "\\)", "\\[", "\\]", "$", "$$", ".", "-",
                "localhost:3000", "中文", "\u00A0", "![", "intranet/x");
        return piece.list().ofMaxSize(40).map(pieces -> String.join("", pieces));
    }
}
