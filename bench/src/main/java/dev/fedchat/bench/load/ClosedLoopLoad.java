package dev.fedchat.bench.load;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Throughput: each client sends its next request as soon as the previous answer arrived (a closed
 * loop, like a bot posting as fast as it can), one thread per client. After a warm-up that is not
 * counted, every answer that arrives inside the measuring window counts once. The driver's thread
 * parks until the window opens and closes, to read the CPU used in between.
 */
final class ClosedLoopLoad {

    /** The request a client sends as its {@code n}-th; called on that client's thread. */
    interface RequestSource {
        HttpRequest next(int client, long n);
    }

    record Result(String name, long completed, long errors, double seconds, Samples.Summary latency, String firstError,
                  CpuMeter.Usage cpu) {
        double perSecond() {
            return completed / seconds;
        }

        /** CPU time of the server's threads per completed request, in ms. */
        double serverCpuMs() {
            return completed == 0 ? 0 : cpu.serverNanos() / 1e6 / completed;
        }

        /** Bytes allocated by the server's threads per completed request, in KiB. */
        double serverKiB() {
            return completed == 0 ? 0 : cpu.serverBytes() / 1024.0 / completed;
        }

        /** CPU time of the whole process (server, clients, JIT, GC) per completed request, in ms. */
        double processCpuMs() {
            return completed == 0 ? 0 : cpu.processNanos() / 1e6 / completed;
        }
    }

    private ClosedLoopLoad() {}

    static Result run(String name, List<RestClient> clients, RequestSource source, double warmupSeconds,
                      double measureSeconds) {
        long start = System.nanoTime() + (long) (warmupSeconds * 1e9);
        long end = start + (long) (measureSeconds * 1e9);
        List<Worker> workers = new ArrayList<>();
        AtomicReference<String> firstError = new AtomicReference<>();
        for (int i = 0; i < clients.size(); i++) {
            Worker w = new Worker(i, clients.get(i), source, start, end, firstError);
            workers.add(w);
            w.thread.start();
        }
        LockSupport.parkNanos(start - System.nanoTime());
        CpuMeter meter = CpuMeter.start();
        LockSupport.parkNanos(end - System.nanoTime());
        CpuMeter.Usage cpu = meter.stop();
        Samples latency = new Samples();
        long completed = 0;
        long errors = 0;
        for (Worker w : workers) {
            try {
                w.thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while measuring " + name, e);
            }
            latency.addAll(w.latency);
            completed += w.completed;
            errors += w.errors;
        }
        return new Result(name, completed, errors, measureSeconds, latency.summary(), firstError.get(), cpu);
    }

    /** One client's loop; its counters are read by the driver only after {@code join}. */
    private static final class Worker implements Runnable {
        private final int index;
        private final RestClient client;
        private final RequestSource source;
        private final long start;
        private final long end;
        private final AtomicReference<String> firstError;
        private final Thread thread;
        private final Samples latency = new Samples();
        private long completed;
        private long errors;

        Worker(int index, RestClient client, RequestSource source, long start, long end,
               AtomicReference<String> firstError) {
            this.index = index;
            this.client = client;
            this.source = source;
            this.start = start;
            this.end = end;
            this.firstError = firstError;
            this.thread = new Thread(this, "load-client-" + index);
        }

        @Override
        public void run() {
            long n = 0;
            while (true) {
                HttpRequest request = source.next(index, n++);
                long sent = System.nanoTime();
                if (sent >= end) {
                    return;
                }
                boolean ok = send(request);
                long done = System.nanoTime();
                if (sent >= start && done < end) {
                    if (ok) {
                        completed++;
                        latency.add(done - sent);
                    } else {
                        errors++;
                    }
                }
            }
        }

        private boolean send(HttpRequest request) {
            try {
                HttpResponse<String> r = client.http().send(request, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return true;
                }
                firstError.compareAndSet(null, r.statusCode() + " " + r.body());
                return false;
            } catch (IOException e) {
                firstError.compareAndSet(null, e.toString());
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }
}
