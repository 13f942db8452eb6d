package dev.fedchat.bench.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The federation benchmark's knobs ({@code bench/federation.sh --name value}); the defaults are the
 * runs {@code docs/benchmarks.md} reports, about five minutes on a 2-core machine.
 *
 * @param messages         messages per throughput run
 * @param posters          concurrent posting clients in the throughput runs
 * @param repeats          throughput runs without a dead domain (their spread is the run-to-run noise)
 * @param warmupMessages   messages sent through the pair of servers before anything is measured (JIT)
 * @param rate             posts per second in the latency runs
 * @param latencySeconds   length of each latency run
 * @param baselineMessages messages of the one-event-per-request baseline run (0: skipped)
 * @param deadDomain       also measure a three-domain private group whose third domain is dead, with a backlog on the sender
 * @param cryptoSeconds    length of each RSA timing (one thread, then two)
 * @param jar              the runnable {@code fedchat.jar} the servers run from
 * @param serverJvmOptions JVM flags for the servers' JVMs (none by default: as an operator starts them)
 */
record FederationOptions(int messages, int posters, int repeats, int warmupMessages, int rate, double latencySeconds,
                         int baselineMessages, boolean deadDomain, double cryptoSeconds, Path jar,
                         List<String> serverJvmOptions) {

    static final String USAGE = """
            Usage: bench/federation.sh [--messages 5000] [--posters 4] [--repeats 2] [--warmup-messages 6000]
                                       [--rate 50] [--latency-seconds 30] [--baseline-messages 1000]
                                       [--no-dead-domain] [--crypto-seconds 2] [--jar app/target/fedchat.jar]
                                       [--server-jvm-option -Xmx1g]...""";

    static FederationOptions parse(String[] args) {
        int messages = 5000;
        int posters = 4;
        int repeats = 2;
        int warmup = 6000;
        int rate = 50;
        double latencySeconds = 30;
        int baseline = 1000;
        boolean dead = true;
        double crypto = 2;
        Path jar = Path.of("app/target/fedchat.jar");
        List<String> jvm = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            switch (name) {
                case "--no-dead-domain" -> dead = false;
                case "--help", "-h" -> throw new IllegalArgumentException(USAGE);
                default -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(name + " needs a value\n" + USAGE);
                    }
                    String value = args[++i];
                    switch (name) {
                        case "--messages" -> messages = positive(name, Integer.parseInt(value));
                        case "--posters" -> posters = positive(name, Integer.parseInt(value));
                        case "--repeats" -> repeats = positive(name, Integer.parseInt(value));
                        case "--warmup-messages" -> warmup = Integer.parseInt(value);
                        case "--rate" -> rate = positive(name, Integer.parseInt(value));
                        case "--latency-seconds" -> latencySeconds = positive(name, Double.parseDouble(value));
                        case "--baseline-messages" -> baseline = Integer.parseInt(value);
                        case "--crypto-seconds" -> crypto = positive(name, Double.parseDouble(value));
                        case "--jar" -> jar = Path.of(value);
                        case "--server-jvm-option" -> jvm.add(value);
                        default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
                    }
                }
            }
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("no jar at " + jar.toAbsolutePath() + " (bench/federation.sh builds it)");
        }
        if (warmup < 0 || baseline < 0) {
            throw new IllegalArgumentException("--warmup-messages and --baseline-messages cannot be negative\n" + USAGE);
        }
        return new FederationOptions(messages, posters, repeats, warmup, rate, latencySeconds, baseline, dead, crypto, jar,
                List.copyOf(jvm));
    }

    private static <N extends Number> N positive(String name, N value) {
        if (value.doubleValue() <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
        return value;
    }

    @Override
    public String toString() {
        return "messages=" + messages + " posters=" + posters + " repeats=" + repeats + " warmup-messages=" + warmupMessages
                + " rate=" + rate + " latency-seconds=" + latencySeconds + " baseline-messages=" + baselineMessages
                + " dead-domain=" + deadDomain + " crypto-seconds=" + cryptoSeconds + " jar=" + jar
                + " server-jvm-options=" + (serverJvmOptions.isEmpty() ? "none" : String.join(" ", serverJvmOptions));
    }
}
