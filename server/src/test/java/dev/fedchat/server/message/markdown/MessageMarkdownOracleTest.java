package dev.fedchat.server.message.markdown;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.fedchat.server.testing.NodeClients;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our {@code md} against Rocket.Chat's own parser: {@code clients/markdown/parse-corpus.js} runs
 * {@code @rocket.chat/message-parser} (pinned in {@code clients/package.json}) over the corpus in
 * {@code markdown/corpus.json} with Rocket.Chat 6's default options, and every entry's AST must equal ours,
 * member for member. The entries where we differ on purpose are in {@code markdown/differences.json}, each
 * with its reason and our AST: for those the test asserts ours, and that the package still answers otherwise
 * (a difference that disappeared must leave the list).
 *
 * <p>Needs Node and {@code clients/node_modules} ({@code ./test.sh} installs them); without them it fails.
 */
class MessageMarkdownOracleTest {
    private static final long NODE_TIMEOUT_SECONDS = 120;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MessageMarkdown MARKDOWN = MessageMarkdown.rocketChatDefaults();

    private static List<String> corpus;
    private static Map<String, JsonNode> differences;
    private static ArrayNode theirs;

    @BeforeAll
    static void parseCorpusWithRocketChatsParser() throws IOException, InterruptedException {
        corpus = List.of(JSON.readValue(resource("corpus.json"), String[].class));
        differences = new LinkedHashMap<>();
        for (JsonNode difference : JSON.readTree(resource("differences.json"))) {
            differences.put(difference.path("text").asText(), difference);
        }
        theirs = runOracle(corpus);
    }

    @Test
    void corpus_isLargeAndVaried() {
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(200).doesNotHaveDuplicates();
        assertThat(String.join("\n", corpus)).contains("**", "```", "> ", "@", "#", ":smile:", "https://", "😀", "你好");
    }

    @Test
    void everyCorpusEntry_parsesAsRocketChatsParserDoes() {
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < corpus.size(); i++) {
            String text = corpus.get(i);
            if (differences.containsKey(text)) {
                continue;
            }
            JsonNode expected = theirs.get(i);
            JsonNode actual = ours(text);
            if (!expected.path("ast").equals(actual)) {
                mismatches.add("#%d %s%n  theirs: %s%n  ours:   %s".formatted(i, JSON.valueToTree(text),
                        expected.has("ast") ? expected.get("ast") : expected, actual));
            }
        }
        assertThat(mismatches).as("entries whose md differs from @rocket.chat/message-parser's").isEmpty();
    }

    @Test
    void deliberateDifferences_giveOurRecordedAst_andStillDiffer() {
        for (Map.Entry<String, JsonNode> difference : differences.entrySet()) {
            String text = difference.getKey();
            int index = corpus.indexOf(text);
            assertThat(index).as("difference %s is a corpus entry", JSON.valueToTree(text)).isNotNegative();
            assertThat(difference.getValue().path("reason").asText()).as("reason for %s", text).isNotBlank();
            assertThat(ours(text)).as("our md of %s", JSON.valueToTree(text)).isEqualTo(difference.getValue().get("md"));
            assertThat(theirs.get(index).path("ast")).as("the package's md of %s, still different",
                    JSON.valueToTree(text)).isNotEqualTo(ours(text));
        }
    }

    private static JsonNode ours(String text) {
        return JSON.valueToTree(MARKDOWN.parse(text));
    }

    private static InputStream resource(String name) {
        InputStream in = MessageMarkdownOracleTest.class.getResourceAsStream("/markdown/" + name);
        assertThat(in).as("test resource markdown/%s", name).isNotNull();
        return in;
    }

    /** The package's answers, one per corpus entry: {@code {"ast": …}}, or {@code {"error": …}} when it threw. */
    private static ArrayNode runOracle(List<String> texts) throws IOException, InterruptedException {
        Path clients = NodeClients.directory();
        NodeClients.requireInstalled(clients, List.of("@rocket.chat/message-parser"));
        Path input = Files.createTempFile("fedchat-md-corpus", ".json");
        Path output = Files.createTempFile("fedchat-md-oracle", ".json");
        try {
            JSON.writeValue(input.toFile(), texts);
            String options = JSON.writeValueAsString(Map.of("colors", true, "emoticons", true, "customDomains", List.of(),
                    "katex", Map.of("dollarSyntax", false, "parenthesisSyntax", true)));
            ProcessBuilder builder = new ProcessBuilder("node", "markdown/parse-corpus.js", input.toString(), options)
                    .directory(clients.toFile()).redirectOutput(output.toFile()).redirectErrorStream(false);
            Process node;
            try {
                node = builder.start();
            } catch (IOException e) {
                return fail("Could not start `node` (Node.js 20 or later must be on the PATH; ./test.sh installs it): %s",
                        e.getMessage());
            }
            String errors = new String(node.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!node.waitFor(NODE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                node.destroyForcibly();
                return fail("parse-corpus.js did not finish within %d s", NODE_TIMEOUT_SECONDS);
            }
            assertThat(node.exitValue()).as("exit code of parse-corpus.js; stderr:%n%s", errors).isZero();
            JsonNode results = JSON.readTree(output.toFile());
            assertThat(results.size()).as("one answer per corpus entry").isEqualTo(texts.size());
            return (ArrayNode) results;
        } finally {
            Files.deleteIfExists(input);
            Files.deleteIfExists(output);
        }
    }
}
