package dev.fedchat.server.message.markdown;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The parse's work grows about linearly with the text, on the inputs that make a backtracking parser of this
 * grammar blow up: unclosed emphasis of every kind, brackets that never close, dotted words, runs of markers.
 * Work is counted in rule evaluations ({@link MessageMarkdown#steps}), not time: 100 KiB of a pattern may cost
 * at most a fixed number of steps per character, and ten times the text at most about ten times the steps.
 * The timeout is only a safety net, should the count ever be wrong.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MessageMarkdownLinearityTest {
    private static final int LONG = 100 * 1024;
    private static final int STEPS_PER_CHARACTER = 64;

    private final MessageMarkdown markdown = MessageMarkdown.rocketChatDefaults();

    @ParameterizedTest
    @ValueSource(strings = {"*_*_", "_*_*~", "*a _b ~c ", "**__~~", "[", "[*_", "[a](", "![", "<a|", "_a", "a_", "a.",
            "a.b-", "@", "@a:", "#", "`", "```\n", "\\(", "\\[", ":", ":a", "+1", "a@b.", "> *", "- [x] _", "* _",
            "1. *", "color:#", "<t:", "http://a.b/", "-_-", "😀", "a ", "\n"})
    void longAdversarialText_costsAFixedNumberOfStepsPerCharacter(String pattern) {
        String tenth = repeat(pattern, LONG / 10);
        String full = repeat(pattern, LONG);

        long tenthSteps = markdown.steps(tenth);
        long fullSteps = markdown.steps(full);

        assertThat(fullSteps).as("steps for 100 KiB of %s", pattern).isLessThanOrEqualTo((long) STEPS_PER_CHARACTER * LONG);
        assertThat(fullSteps).as("steps for 100 KiB against 10 KiB of %s (%d)", pattern, tenthSteps)
                .isLessThanOrEqualTo(12 * Math.max(tenthSteps, 1));
        assertThat(markdown.parse(full)).isNotEmpty();
    }

    private static String repeat(String pattern, int length) {
        StringBuilder text = new StringBuilder(length + pattern.length());
        while (text.length() < length) {
            text.append(pattern);
        }
        return text.substring(0, length);
    }
}
