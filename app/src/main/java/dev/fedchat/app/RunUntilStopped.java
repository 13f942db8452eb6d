package dev.fedchat.app;

import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Blocks until Ctrl-C (SIGINT/SIGTERM), then closes what was started, in order. */
final class RunUntilStopped {
    private static final Logger log = LoggerFactory.getLogger(RunUntilStopped.class);

    private RunUntilStopped() {}

    static void await(AutoCloseable... running) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("Stopping...");
            for (AutoCloseable c : running) {
                try {
                    c.close();
                } catch (Exception e) {
                    log.warn("Could not stop cleanly: {}", e.toString());
                }
            }
            log.info("Stopped.");
            stopped.countDown();
        }, "fedchat-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
