package dev.fedchat.bench.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The load driver's knobs, from {@code --name value} arguments; the defaults are the runs
 * {@code docs/benchmarks.md} reports, sized so one run stays under two minutes.
 *
 * @param clients          concurrent HTTP clients in the throughput runs
 * @param warmupSeconds    discarded load before each throughput measurement (the post path takes a few
 *                         thousand posts to be compiled: shorter warm-ups measure the JIT)
 * @param measureSeconds   length of each throughput measurement
 * @param rate             posts per second in the latency runs
 * @param latencySeconds   length of each latency measurement
 * @param subscribers      the subscriber counts to measure latency with
 * @param jar              the runnable {@code fedchat.jar} for the start-up and memory probes (absent: skipped)
 * @param compareWriteDelay also measure posting with H2's default write delay, to price durability
 */
record BenchOptions(int clients, double warmupSeconds, double measureSeconds, int rate, double latencySeconds,
                    List<Integer> subscribers, Optional<Path> jar, boolean compareWriteDelay) {

    static final String USAGE = """
            Usage: bench/run.sh [--clients 4] [--warmup 8] [--seconds 10] [--rate 200] [--latency-seconds 10]
                                [--subscribers 1,100] [--jar app/target/fedchat.jar | --no-jar] [--no-write-delay-compare]""";

    static BenchOptions parse(String[] args) {
        int clients = 4;
        double warmup = 8;
        double seconds = 10;
        int rate = 200;
        double latencySeconds = 10;
        List<Integer> subscribers = List.of(1, 100);
        Optional<Path> jar = Optional.of(Path.of("app/target/fedchat.jar")).filter(Files::isRegularFile);
        boolean compare = true;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            switch (name) {
                case "--no-jar" -> jar = Optional.empty();
                case "--no-write-delay-compare" -> compare = false;
                case "--help", "-h" -> throw new IllegalArgumentException(USAGE);
                default -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(name + " needs a value\n" + USAGE);
                    }
                    String value = args[++i];
                    switch (name) {
                        case "--clients" -> clients = positive(name, Integer.parseInt(value));
                        case "--warmup" -> warmup = Double.parseDouble(value);
                        case "--seconds" -> seconds = positive(name, Double.parseDouble(value));
                        case "--rate" -> rate = positive(name, Integer.parseInt(value));
                        case "--latency-seconds" -> latencySeconds = positive(name, Double.parseDouble(value));
                        case "--subscribers" -> subscribers = Arrays.stream(value.split(","))
                                .map(s -> positive(name, Integer.parseInt(s.trim()))).toList();
                        case "--jar" -> jar = Optional.of(Path.of(value));
                        default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
                    }
                }
            }
        }
        if (jar.isPresent() && !Files.isRegularFile(jar.get())) {
            throw new IllegalArgumentException("no jar at " + jar.get().toAbsolutePath() + " (build it, or pass --no-jar)");
        }
        return new BenchOptions(clients, warmup, seconds, rate, latencySeconds, subscribers, jar, compare);
    }

    private static <N extends Number> N positive(String name, N value) {
        if (value.doubleValue() <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
        return value;
    }
}
