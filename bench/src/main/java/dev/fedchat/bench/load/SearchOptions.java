package dev.fedchat.bench.load;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The search benchmark's knobs, from {@code --name value} arguments. The defaults are the run
 * {@code docs/benchmarks.md} reports at 100 k messages; {@code --messages 100000,1000000} adds the
 * 1 M run (tens of minutes of set-up), and the CI test passes a few thousand.
 *
 * @param messages    sizes of the messages table to measure at (each a fresh database)
 * @param databases   {@code h2} (a file, as {@code fedchat serve} keeps it), {@code postgresql}, and
 *                    {@code h2-fulltext}: H2 with its native full-text index, the rejected alternative
 * @param pgUrl       an admin URL of a running PostgreSQL; a fresh database is made there and dropped
 * @param rounds      measured requests of each kind (searches of each query, history reads)
 * @param posts       posts measured with the index and again without, after as many warm-up posts
 */
record SearchOptions(List<Integer> messages, List<String> databases, Optional<String> pgUrl, int rounds, int posts) {

    static final String USAGE = """
            Usage: bench/search.sh [--messages 100000[,1000000]] [--databases h2,postgresql[,h2-fulltext]]
                                   [--pg-url jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres]
                                   [--rounds 200] [--posts 2000]
            postgresql is measured only with --pg-url.""";

    static SearchOptions parse(String[] args) {
        List<Integer> messages = List.of(100_000);
        List<String> databases = List.of("h2", "postgresql");
        Optional<String> pgUrl = Optional.empty();
        int rounds = 200;
        int posts = 2_000;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--help") || name.equals("-h")) {
                throw new IllegalArgumentException(USAGE);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value\n" + USAGE);
            }
            String value = args[++i];
            switch (name) {
                case "--messages" -> messages = Arrays.stream(value.split(",")).map(s -> positive(name, s)).toList();
                case "--databases" -> databases = Arrays.stream(value.split(",")).map(String::trim).toList();
                case "--pg-url" -> pgUrl = Optional.of(value);
                case "--rounds" -> rounds = positive(name, value);
                case "--posts" -> posts = positive(name, value);
                default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
            }
        }
        for (String db : databases) {
            if (!List.of("h2", "h2-fulltext", "postgresql").contains(db)) {
                throw new IllegalArgumentException("unknown database " + db + "\n" + USAGE);
            }
        }
        if (pgUrl.isEmpty()) {
            databases = databases.stream().filter(d -> !d.equals("postgresql")).toList();
        }
        return new SearchOptions(messages, databases, pgUrl, rounds, posts);
    }

    private static int positive(String name, String value) {
        int n = Integer.parseInt(value.trim());
        if (n <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
        return n;
    }
}
