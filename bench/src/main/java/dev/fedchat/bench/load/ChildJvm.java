package dev.fedchat.bench.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A separate JVM started by the driver (the real {@code fedchat.jar}, or the bare-JVM baseline):
 * how long it takes to become ready, and its resident memory as Linux counts it.
 */
final class ChildJvm implements AutoCloseable {
    /** Between two readiness probes: short against a start-up of a second or more. */
    private static final long PROBE_INTERVAL_NANOS = 5_000_000L;

    private final Process process;
    private final long spawnedAt;

    private ChildJvm(Process process, long spawnedAt) {
        this.process = process;
        this.spawnedAt = spawnedAt;
    }

    /** The java launcher running this driver, so the child runs on the same JDK. */
    static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** Starts {@code java <args>}; its output goes to {@code log} (or is read by the caller when null). */
    static ChildJvm start(List<String> args, Path log) {
        return start(args, Map.of(), log);
    }

    /** As {@link #start(List, Path)}, with {@code env} added to this process's environment. */
    static ChildJvm start(List<String> args, Map<String, String> env, Path log) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        if (log != null) {
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        }
        long now = System.nanoTime();
        try {
            return new ChildJvm(builder.start(), now);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** Polls {@code GET url} until it answers 200; the time from spawn to that answer, in ms. */
    double awaitHttp(String url, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(200)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build();
        long deadline = spawnedAt + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server process exited with " + process.exitValue() + " before it answered");
            }
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return (System.nanoTime() - spawnedAt) / 1e6;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + url, e);
            }
            LockSupport.parkNanos(PROBE_INTERVAL_NANOS);
        }
        throw new IllegalStateException(url + " did not answer within " + timeout);
    }

    /** Waits for the child to print {@code line}; the time from spawn to that line, in ms. */
    double awaitLine(String line) {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        try {
            for (String l = out.readLine(); l != null; l = out.readLine()) {
                if (l.equals(line)) {
                    return (System.nanoTime() - spawnedAt) / 1e6;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the child's output", e);
        }
        throw new IllegalStateException("the child exited without printing " + line);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Asks the child for a full GC ({@code jcmd <pid> GC.run}) and waits for it. */
    void gc() {
        String jcmd = Path.of(java()).resolveSibling("jcmd").toString();
        try {
            Process p = new ProcessBuilder(jcmd, String.valueOf(process.pid()), "GC.run")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("jcmd GC.run failed for pid " + process.pid());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + jcmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for jcmd", e);
        }
    }

    /** {@code VmRSS} from {@code /proc/<pid>/status}, in MiB. */
    double rssMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the memory of pid " + process.pid(), e);
        }
        throw new IllegalStateException("no VmRSS for pid " + process.pid());
    }

    /** SIGTERM (the server's shutdown hook closes the database), then a kill after 15 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
