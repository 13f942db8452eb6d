package dev.fedchat.bench.jmh;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fedchat.server.message.markdown.MessageMarkdown;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What parsing a message's {@code md} costs on every post (server/.../message/markdown), to set beside the
 * server's CPU per stored post in docs/benchmarks.md: the parse alone, and the parse with the AST written as
 * JSON (as a stored or sent message carries it). Messages: a short plain line, a typical formatted line, a
 * fenced code block with a list, 5,000 characters of mixed markup (Rocket.Chat's default size limit), and
 * 5,000 characters of unclosed emphasis.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MarkdownBench {
    private static final Map<String, String> MESSAGES = Map.of(
            "plain", "ok, see you at the standup tomorrow",
            "formatted", "@alice the **build** is _green_ again, see https://ci.example.com/run/42 :tada: `mvn verify`",
            "code", "try this:\n```java\nint x = 1;\nSystem.out.println(x);\n```\n- first\n- second *important*\n> quoted",
            "long5k", repeat("**bold** _it_ ~st~ `code` :smile: @bob #dev https://a.example.org/x?y=1 plain words. ", 5000),
            "unclosed5k", repeat("*_~[", 5000));

    @Param({"plain", "formatted", "code", "long5k", "unclosed5k"})
    public String message;

    private final MessageMarkdown markdown = MessageMarkdown.rocketChatDefaults();
    private final ObjectMapper json = new ObjectMapper();
    private String text;

    @Setup
    public void setUp() {
        text = MESSAGES.get(message);
    }

    @Benchmark
    public List<Map<String, Object>> parse() {
        return markdown.parse(text);
    }

    @Benchmark
    public String parseAndWriteJson() throws Exception {
        return json.writeValueAsString(markdown.parse(text));
    }

    private static String repeat(String pattern, int length) {
        StringBuilder b = new StringBuilder(length + pattern.length());
        while (b.length() < length) {
            b.append(pattern);
        }
        return b.substring(0, length);
    }
}
