package dev.fedchat.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * How the drivers that start processes end: their clean-up (stop every process, delete the
 * temporary directory) runs on every exit, Ctrl-C included, from a shutdown hook; a failure is
 * printed and reported by the exit status.
 */
final class BenchExit {
    private BenchExit() {}

    /**
     * Runs {@code body}, then exits: 0, or 1 after {@code onFailure} when it threw. The JVM is
     * ended explicitly, since the JDK HTTP clients' threads would otherwise keep it alive.
     */
    static void runAndExit(Runnable body, Runnable cleanUp, Consumer<RuntimeException> onFailure) {
        Runtime.getRuntime().addShutdownHook(new Thread(cleanUp, "bench-cleanup"));
        int status = 0;
        try {
            body.run();
        } catch (RuntimeException e) {
            onFailure.accept(e);
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    /** Deletes {@code dir} and everything in it; says so on stderr when it cannot. */
    static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not delete " + dir + ": " + e);
        }
    }
}
