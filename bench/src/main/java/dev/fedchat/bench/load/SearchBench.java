package dev.fedchat.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Message search (issue 13, docs/benchmarks.md "Message search"): search latency against a plain
 * history read in the same run, and the post path with the search index against without, for each
 * size and database asked for ({@link SearchOptions}). Progress goes to stderr, the report
 * (markdown tables) to stdout. The server runs in this JVM, on a fresh database per run.
 *
 * <p>Run: {@code bench/search.sh [options]}.
 */
public final class SearchBench {
    private SearchBench() {}

    public static void main(String[] args) throws Exception {
        SearchOptions options;
        try {
            options = SearchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.out.print(report(run(options)));
    }

    static List<SearchRun.Result> run(SearchOptions options) throws Exception {
        List<SearchRun.Result> results = new ArrayList<>();
        for (int size : options.messages()) {
            for (String name : options.databases()) {
                Path withDir = Files.createTempDirectory("fedchat-search-bench");
                Path withoutDir = Files.createTempDirectory("fedchat-search-bench");
                try (SearchDatabase with = open(name, withDir, options);
                     SearchDatabase without = open(name.equals("h2-fulltext") ? "h2" : name, withoutDir, options)) {
                    System.err.printf("%s, %,d messages: load %s%n", name, size, load());
                    results.add(SearchRun.run(with, without, size, options, withDir, withoutDir));
                } finally {
                    delete(withDir);
                    delete(withoutDir);
                }
            }
        }
        return results;
    }

    private static SearchDatabase open(String name, Path dir, SearchOptions options) {
        return name.startsWith("h2") ? SearchDatabase.h2(dir, name.equals("h2-fulltext"))
                : SearchDatabase.postgres(options.pgUrl().orElseThrow());
    }

    static String report(List<SearchRun.Result> results) {
        StringBuilder out = new StringBuilder();
        out.append("Load average at the end: ").append(load()).append("\n\n");
        out.append("| database | messages | request | p50 | p99 | messages answered |\n|---|---|---|---|---|---|\n");
        for (SearchRun.Result r : results) {
            for (SearchRun.Timed t : r.reads()) {
                out.append(String.format("| %s | %,d | %s | %.2f ms | %.2f ms | %d |%n", r.database(), r.size(), t.what(),
                        t.latency().p50(), t.latency().p99(), t.hits()));
            }
        }
        out.append("\n| database | messages | rows inserted/s with index / without | posts/s with index | without | ratio |"
                + " post p50 with / without | post p99 with / without |\n|---|---|---|---|---|---|---|---|\n");
        for (SearchRun.Result r : results) {
            SearchRun.PostCost p = r.posts();
            out.append(String.format("| %s | %,d | %,.0f / %,.0f | %.0f | %.0f | %.2f | %.2f / %.2f ms | %.2f / %.2f ms |%n",
                    r.database(), r.size(), r.insertWith(), r.insertWithout(), p.perSecondWith(), p.perSecondWithout(),
                    p.perSecondWith() / p.perSecondWithout(), p.with().p50(), p.without().p50(), p.with().p99(),
                    p.without().p99()));
        }
        return out.toString();
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + dir, e);
        }
    }
}
