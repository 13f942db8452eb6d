package dev.fedchat.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The search benchmark at CI size (3,000 messages, a few rounds, one block of posts) on H2, and on PostgreSQL when
 * {@code -Dfedchat.pg.url} is given: every request it times really found messages, so the
 * numbers docs/benchmarks.md reports are of searches that work, and the post path was timed both
 * ways.
 */
class SearchBenchTest {
    @Test
    void aSmallRun_timesSearchesThatFindMessages_andThePostPathBothWays() throws Exception {
        List<String> databases = new ArrayList<>(List.of("h2"));
        Optional<String> pg = Optional.ofNullable(System.getProperty("fedchat.pg.url")).filter(s -> !s.isBlank());
        pg.ifPresent(url -> databases.add("postgresql"));

        List<SearchRun.Result> results = SearchBench.run(new SearchOptions(List.of(3_000), databases, pg, 3, 100));
        String report = SearchBench.report(results);
        System.out.print(report);

        assertThat(results).extracting(SearchRun.Result::database).containsExactlyElementsOf(databases);
        for (SearchRun.Result r : results) {
            Map<String, Integer> hits = r.reads().stream().collect(Collectors.toMap(SearchRun.Timed::what, SearchRun.Timed::hits));
            assertThat(hits).hasSize(SearchRun.QUERIES.size() + 1);
            assertThat(hits).as("messages found on %s", r.database())
                    .containsEntry("search: common word (rank 2, ~40% of messages)", 50)
                    .containsEntry("history read (groups.history, 50)", 50);
            assertThat(hits.get("search: middling word (rank 100, ~1%)")).isPositive();
            assertThat(hits.get("search: phrase (ranks 1 and 2 adjacent)")).isPositive();
            assertThat(hits.get("search: from:user + common word")).isPositive().isLessThan(50);
            assertThat(r.posts().perSecondWith()).isPositive();
            assertThat(r.posts().perSecondWithout()).isPositive();
            assertThat(r.posts().with().count()).isEqualTo(100);
            assertThat(r.posts().without().count()).isEqualTo(100);
        }
        assertThat(report).contains("| h2 | 3,000 | search: rare word").containsPattern("\\| h2 \\| 3,000 \\| [0-9,]+ / [0-9,]+ \\|");
    }
}
