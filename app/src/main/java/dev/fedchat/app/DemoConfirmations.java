package dev.fedchat.app;

import dev.fedchat.hub.Mail;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's webmaster: follows each confirmation link the demo hub's log mailer writes and presses
 * Confirm (the form POST a person would), so the demo's servers are listed without a mail server.
 *
 * <p>The hub hands a mail over while the registration's transaction is still open, so the link is
 * followed later, on this class's own thread, and tried again until the hub knows it.
 */
final class DemoConfirmations implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DemoConfirmations.class);
    private static final int ATTEMPTS = 50;
    private static final Duration BETWEEN_ATTEMPTS = Duration.ofMillis(100);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "demo-confirmations");
        t.setDaemon(true);
        return t;
    });

    /** Confirms the registration {@code mail} asks about, soon, off the caller's thread. */
    void confirmLater(Mail mail) {
        worker.execute(() -> confirm(mail));
    }

    private void confirm(Mail mail) {
        HttpRequest press = HttpRequest.newBuilder(mail.link()).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        int status = 0;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                status = http.send(press, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200) {
                    log.info("Demo: confirmed the hub registration mailed to {}", mail.to());
                    return;
                }
                Thread.sleep(BETWEEN_ATTEMPTS.toMillis()); // the registration has not committed yet
            } catch (IOException e) {
                status = -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        log.warn("Demo: could not confirm the hub registration mailed to {} (last answer {}); open {} to confirm it",
                mail.to(), status, mail.link());
    }

    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
