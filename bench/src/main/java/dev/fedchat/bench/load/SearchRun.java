package dev.fedchat.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.FedchatServer;
import dev.fedchat.server.config.ServerConfig;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One search measurement: two servers, each on a fresh database holding {@code size} messages,
 * 10% of them in the searched private group and the rest in nine channels (the PostgreSQL index
 * spans every room, so the other rooms' words cost a search too). One keeps the search index,
 * the other had it dropped before it was filled.
 *
 * <p>Reads go to the first, through the REST API, one request after the other: each query kind
 * and a plain history read ({@code groups.history}, 50 messages, as a client opens a room),
 * interleaved, so load from elsewhere hits them alike. The post path is timed on both, 4 clients
 * posting into the group, in alternating blocks of 100 posts (which side goes first alternates too): the machine is
 * shared, and load that comes and goes then falls on both sides alike.
 */
final class SearchRun {
    private static final String ADMIN = "admin";
    private static final String ADMIN_PASSWORD = "admin-pass-1";
    private static final int OTHER_ROOMS = 9;
    private static final int POSTERS = 4;
    private static final int BLOCK = 100;
    private static final int CHUNK = 50_000;

    /** What a search asks for, by the frequency rank of its words (SearchCorpus). */
    static final Map<String, String> QUERIES = queries();

    private static Map<String, String> queries() {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("common word (rank 2, ~40% of messages)", SearchCorpus.word(2));
        q.put("middling word (rank 100, ~1%)", SearchCorpus.word(100));
        q.put("rare word (rank 1000, ~0.1%)", SearchCorpus.word(1000));
        q.put("two words (ranks 10 and 30)", SearchCorpus.word(10) + " " + SearchCorpus.word(30));
        q.put("phrase (ranks 1 and 2 adjacent)", "\"" + SearchCorpus.word(1) + " " + SearchCorpus.word(2) + "\"");
        q.put("from:user + common word", "from:searcher2 " + SearchCorpus.word(2));
        return q;
    }

    record Timed(String what, Samples.Summary latency, int hits) {}

    record PostCost(double perSecondWith, double perSecondWithout, Samples.Summary with, Samples.Summary without) {}

    record Result(String database, int size, double insertWith, double insertWithout, List<Timed> reads, PostCost posts) {}

    /** A server on its database, filled, with its users and rooms. */
    private record Side(FedchatServer server, SearchDatabase db, List<RestClient> users, String group, double insertRate)
            implements AutoCloseable {
        @Override
        public void close() {
            server.close();
        }
    }

    static Result run(SearchDatabase with, SearchDatabase without, int size, SearchOptions options, Path withDir,
                      Path withoutDir) throws Exception {
        try (Side a = side(with, size, withDir, false); Side b = side(without, size, withoutDir, true)) {
            List<Timed> reads = reads(a.users().get(0), a.group(), options.rounds());
            if (with.name().equals("h2-fulltext")) {
                reads.addAll(fullTextReads(with, a.group(), options.rounds()));
            }
            return new Result(with.name(), size, a.insertRate(), b.insertRate(), reads, posts(a, b, options.posts()));
        }
    }

    private static Side side(SearchDatabase db, int size, Path dataDir, boolean dropIndex) throws Exception {
        ServerConfig config = ServerConfig.embedded(dataDir, 0).withDatabase(db.config())
                .withAdmin(new ServerConfig.AdminBootstrap(ADMIN, ADMIN_PASSWORD, "admin@bench.example"));
        FedchatServer server = FedchatServer.start(config);
        try {
            Workspace workspace = new Workspace("http://127.0.0.1:" + server.port(), ADMIN, ADMIN_PASSWORD);
            List<RestClient> users = workspace.users("searcher", POSTERS);
            List<String> names = List.of("searcher1", "searcher2", "searcher3", "searcher4");
            String group = workspace.admin().post("/api/v1/groups.create", Map.of("name", "searched", "members", names))
                    .path("group").path("_id").asText();
            List<String> others = new ArrayList<>();
            for (int i = 1; i <= OTHER_ROOMS; i++) {
                others.add(workspace.channel("other" + i, names));
            }
            if (dropIndex) {
                db.dropSearchIndex();
            } else {
                db.prepare();
            }
            double insertRate = fill(db, size, group, others, users);
            db.analyze();
            return new Side(server, db, users, group, insertRate);
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
    }

    /** Inserts {@code size} messages, 10% into the group; returns rows per second. */
    private static double fill(SearchDatabase db, int size, String group, List<String> others, List<RestClient> users)
            throws Exception {
        SearchCorpus corpus = new SearchCorpus(13);
        long start = System.currentTimeMillis() - size * 1000L - 3_600_000L;
        long began = System.nanoTime();
        for (int from = 0; from < size; from += CHUNK) {
            List<SearchDatabase.Row> rows = new ArrayList<>();
            for (int i = from; i < Math.min(size, from + CHUNK); i++) {
                String room = i % 10 == 0 ? group : others.get(i % OTHER_ROOMS);
                int a = (i / 10) % users.size(); // every author writes in every room
                rows.add(new SearchDatabase.Row(String.format("B%016d", i), room, users.get(a).userId(),
                        "searcher" + (a + 1), corpus.message(), start + i * 1000L));
            }
            db.insert(rows);
            System.err.printf("  %s: %,d of %,d messages stored%n", db.name(), Math.min(size, from + CHUNK), size);
        }
        return size / ((System.nanoTime() - began) / 1e9);
    }

    private static List<Timed> reads(RestClient reader, String group, int rounds) {
        Map<String, String> paths = new LinkedHashMap<>();
        QUERIES.forEach((what, text) -> paths.put("search: " + what, "/api/v1/chat.search?roomId=" + group
                + "&searchText=" + URLEncoder.encode(text, StandardCharsets.UTF_8)));
        paths.put("history read (groups.history, 50)", "/api/v1/groups.history?roomId=" + group + "&count=50");
        Map<String, Samples> samples = new LinkedHashMap<>();
        Map<String, Integer> hits = new LinkedHashMap<>();
        int warmup = Math.max(5, rounds / 4);
        for (int round = -warmup; round < rounds; round++) {
            for (Map.Entry<String, String> p : paths.entrySet()) {
                long t0 = System.nanoTime();
                JsonNode answer = reader.get(p.getValue());
                long took = System.nanoTime() - t0;
                if (round >= 0) {
                    samples.computeIfAbsent(p.getKey(), k -> new Samples()).add(took);
                    hits.put(p.getKey(), answer.path("messages").size());
                }
            }
        }
        List<Timed> out = new ArrayList<>();
        samples.forEach((what, s) -> out.add(new Timed(what, s.summary(), hits.get(what))));
        return out;
    }

    /** H2's native full-text search over JDBC, for the words of the single- and two-word queries. */
    private static List<Timed> fullTextReads(SearchDatabase db, String group, int rounds) throws Exception {
        List<Timed> out = new ArrayList<>();
        for (Map.Entry<String, String> q : QUERIES.entrySet()) {
            if (q.getValue().contains("\"") || q.getValue().contains(":")) {
                continue; // FT_SEARCH_DATA has no phrases and no authors
            }
            Samples samples = new Samples();
            int hits = 0;
            for (int round = -Math.max(2, rounds / 10); round < rounds / 4; round++) {
                long t0 = System.nanoTime();
                hits = db.fullTextSearch(group, q.getValue());
                if (round >= 0) {
                    samples.add(System.nanoTime() - t0);
                }
            }
            out.add(new Timed("FT_SEARCH_DATA (JDBC): " + q.getKey(), samples.summary(), hits));
        }
        return out;
    }

    /** Warms both sides up, then alternates blocks of {@link #BLOCK} posts until each side had {@code posts}. */
    private static PostCost posts(Side with, Side without, int posts) throws Exception {
        int warmup = Math.max(BLOCK, posts / 4);
        post(with.users(), with.group(), warmup, 100, new Samples());
        post(without.users(), without.group(), warmup, 100, new Samples());
        Samples a = new Samples();
        Samples b = new Samples();
        double secondsA = 0;
        double secondsB = 0;
        for (int block = 0; block * BLOCK < posts; block++) {
            boolean withFirst = block % 2 == 0; // neither side always follows the other
            if (withFirst) {
                secondsA += BLOCK / post(with.users(), with.group(), BLOCK, 200 + block, a);
            }
            secondsB += BLOCK / post(without.users(), without.group(), BLOCK, 200 + block, b);
            if (!withFirst) {
                secondsA += BLOCK / post(with.users(), with.group(), BLOCK, 200 + block, a);
            }
        }
        return new PostCost(a.count() / secondsA, b.count() / secondsB, a.summary(), b.summary());
    }

    /** {@code posts} posts by {@link #POSTERS} clients in a closed loop; returns posts per second. */
    private static double post(List<RestClient> users, String group, int posts, long seed, Samples into) throws Exception {
        int before = into.count();
        ExecutorService pool = Executors.newFixedThreadPool(POSTERS);
        try {
            List<Future<Samples>> running = new ArrayList<>();
            long began = System.nanoTime();
            for (int t = 0; t < POSTERS; t++) {
                RestClient client = users.get(t);
                SearchCorpus corpus = new SearchCorpus(seed + t);
                running.add(pool.submit(() -> {
                    Samples mine = new Samples();
                    for (int i = 0; i < posts / POSTERS; i++) {
                        long t0 = System.nanoTime();
                        client.post("/api/v1/chat.postMessage", Map.of("roomId", group, "text", corpus.message()));
                        mine.add(System.nanoTime() - t0);
                    }
                    return mine;
                }));
            }
            for (Future<Samples> f : running) {
                into.addAll(f.get());
            }
            return (into.count() - before) / ((System.nanoTime() - began) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }
}
