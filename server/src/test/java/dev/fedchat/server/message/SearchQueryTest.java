package dev.fedchat.server.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fedchat.server.error.RcException;
import java.time.Instant;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Rocket.Chat's search syntax as {@link SearchQuery#parse} reads it. */
class SearchQueryTest {
    private static SearchQuery parse(String text) {
        return SearchQuery.parse(text, "Alice");
    }

    private static long at(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    @Test
    void plainWords_andQuotedPhrases_areSeparated() {
        SearchQuery q = parse("  deploy   \"release notes\" friday ");
        assertThat(q.words()).containsExactly("deploy", "friday");
        assertThat(q.phrases()).containsExactly("release notes");
        assertThat(q.hasText()).isTrue();
        assertThat(q.regex()).isNull();
    }

    @Test
    void aLoneQuote_isText() {
        assertThat(parse("5\" screen").words()).containsExactly("5\"", "screen");
        assertThat(parse("say \"\" nothing").words()).containsExactly("say", "\"\"", "nothing");
    }

    @Test
    void from_takesUsernames_meIsTheCaller_andFederatedNamesToo() {
        SearchQuery q = parse("from:me from:Bob from:carol@beta.test lunch");
        assertThat(q.from()).containsExactly("alice", "bob", "carol@beta.test");
        assertThat(q.words()).containsExactly("lunch");
    }

    @Test
    void mention_takesUsernames() {
        assertThat(parse("mention:dave mention:me").mentions()).containsExactly("dave", "alice");
    }

    @Test
    void hasAndIs_setTheirFlags_withRocketChatsAliases() {
        assertThat(parse("has:url").hasUrl()).isTrue();
        assertThat(parse("has:link").hasUrl()).isTrue();
        assertThat(parse("has:star").starredByCaller()).isTrue();
        assertThat(parse("is:pinned").pinned()).isTrue();
        assertThat(parse("has:pin").pinned()).isTrue();
        assertThat(parse("has:map").hasLocation()).isTrue();
        assertThat(parse("has:url").isEmpty()).isFalse();
    }

    @Test
    void dates_areWholeUtcDays_inRocketChatsDayMonthYear_orIso() {
        SearchQuery before = parse("before:15/09/2026");
        assertThat(before.until()).isEqualTo(at("2026-09-15T00:00:00Z"));
        assertThat(before.since()).isZero();
        // after a day means from the next day on, as in Rocket.Chat
        assertThat(parse("after:15.09.2026").since()).isEqualTo(at("2026-09-16T00:00:00Z"));
        SearchQuery on = parse("on:2026-09-15");
        assertThat(on.since()).isEqualTo(at("2026-09-15T00:00:00Z"));
        assertThat(on.until()).isEqualTo(at("2026-09-16T00:00:00Z"));
        SearchQuery window = parse("after:1-9-2026 before:30-09-2026");
        assertThat(window.since()).isEqualTo(at("2026-09-02T00:00:00Z"));
        assertThat(window.until()).isEqualTo(at("2026-09-30T00:00:00Z"));
    }

    @Test
    void order_ascFlipsTheOrder() {
        assertThat(parse("order:asc x").oldestFirst()).isTrue();
        assertThat(parse("sort:descending x").oldestFirst()).isFalse();
        assertThat(parse("x").oldestFirst()).isFalse();
    }

    @Test
    void unknownKeys_areText_soTimesAndUrlsStaySearchable() {
        SearchQuery q = parse("meet 10:30 re:budget https://example.org/a");
        assertThat(q.words()).containsExactly("meet", "10:30", "re:budget", "https://example.org/a");
        assertThat(q.from()).isEmpty();
    }

    @Test
    void aWholeSlashedText_isARegularExpression_withFlags() {
        SearchQuery q = parse("from:bob /colou?r\\s+blue/i");
        Pattern regex = q.regex();
        assertThat(regex).isNotNull();
        assertThat(regex.matcher("COLOR   BLUE").find()).isTrue();
        assertThat(q.words()).isEmpty();
        assertThat(q.from()).containsExactly("bob");
        assertThat(parse("/a/ b").regex()).isNull();
    }

    @Test
    void operatorsAlone_orNothing_askForNothingOrNoText() {
        assertThat(parse("").isEmpty()).isTrue();
        assertThat(parse("   ").isEmpty()).isTrue();
        SearchQuery fromOnly = parse("from:me");
        assertThat(fromOnly.isEmpty()).isFalse();
        assertThat(fromOnly.hasText()).isFalse();
    }

    @Test
    void malformedOperators_areRefusedWithTheReason() {
        assertRefused("before:yesterday", "takes a date");
        assertRefused("on:31/02/2026", "not a date of the calendar");
        assertRefused("has:emoji", "Unknown search filter 'has:emoji'");
        assertRefused("is:unread", "Unknown search filter 'is:unread'");
        assertRefused("from:", "takes a username");
        assertRefused("from:bob's", "takes a username");
        assertRefused("order:sideways", "takes asc or desc");
        assertRefused("label:cat", "'label:' is not supported");
        assertRefused("file-title:report", "'file-title:' is not supported");
    }

    @Test
    void boundsAreRefused() {
        assertRefused("x".repeat(SearchQueryParser.MAX_LENGTH + 1), "longer than");
        assertRefused("w ".repeat(SearchQueryParser.MAX_TERMS + 1), "at most " + SearchQueryParser.MAX_TERMS);
        assertRefused("/" + "a".repeat(SearchQueryParser.MAX_REGEX_LENGTH + 1) + "/", "at most "
                + SearchQueryParser.MAX_REGEX_LENGTH + " characters");
        assertRefused("/(unclosed/", "Not a valid regular expression");
        assertRefused(null, "required");
    }

    private static void assertRefused(String text, String reason) {
        assertThatThrownBy(() -> parse(text)).isInstanceOfSatisfying(RcException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.reason()).contains(reason);
        });
    }
}
