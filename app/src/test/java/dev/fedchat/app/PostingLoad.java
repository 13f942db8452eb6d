package dev.fedchat.app;

import static dev.fedchat.server.testing.Json.obj;

import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.ApiResponse;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The load one crash round puts on a server until it is killed: {@code posters} threads posting
 * numbered messages into one room, and one thread writing beside them on other connections (a
 * login, which stores a token, and marking the room read, which updates the subscription), so that
 * commits of other transactions run concurrently with the posts' group commits.
 *
 * <p>When the {@code killAfter}-th post has been answered 200, the thread that received that
 * answer runs {@code kill} at once, so the kill lands while the other posts are in flight.
 * Every post answered 200 is remembered ({@link #answered}); one that got no answer (the
 * connection died with the server) is not, whatever became of it.
 */
final class PostingLoad {
    private final ApiClient client;
    private final String roomId;
    private final String user;
    private final String password;
    private final String round;
    private final int killAfter;
    private final Runnable kill;
    private final Queue<String> answered = new ConcurrentLinkedQueue<>();
    private final AtomicInteger answers = new AtomicInteger();
    private final AtomicReference<String> refusal = new AtomicReference<>();
    private final List<Thread> threads = new ArrayList<>();

    PostingLoad(ApiClient client, String roomId, String user, String password, String round, int killAfter, Runnable kill) {
        this.client = client;
        this.roomId = roomId;
        this.user = user;
        this.password = password;
        this.round = round;
        this.killAfter = killAfter;
        this.kill = kill;
    }

    /** Starts the posters and the other writer. */
    PostingLoad start(int posters) {
        for (int t = 0; t < posters; t++) {
            String prefix = round + "-t" + t + "-";
            threads.add(new Thread(() -> post(prefix), "poster-" + prefix));
        }
        threads.add(new Thread(this::writeBeside, "writer-" + round));
        threads.forEach(Thread::start);
        return this;
    }

    /** Waits until every thread has seen the server go away. */
    void awaitEnd() throws InterruptedException {
        for (Thread t : threads) {
            t.join();
        }
    }

    /** The texts of the posts answered 200. */
    List<String> answered() {
        return List.copyOf(answered);
    }

    /** The first answer that was neither 200 nor a dead connection, if any (a bug of its own). */
    String refusal() {
        return refusal.get();
    }

    private void post(String prefix) {
        for (int seq = 0; ; seq++) {
            String text = prefix + seq;
            ApiResponse r;
            try {
                r = client.post("/api/v1/chat.postMessage", obj("roomId", roomId, "text", text));
            } catch (UncheckedIOException serverGone) {
                return;
            }
            if (r.status() != 200) {
                refusal.compareAndSet(null, text + ": " + r.status() + " " + r.text());
                return;
            }
            answered.add(text);
            if (answers.incrementAndGet() == killAfter) {
                kill.run();
            }
        }
    }

    private void writeBeside() {
        while (true) {
            try {
                ApiResponse login = client.post("/api/v1/login", obj("user", user, "password", password));
                ApiResponse read = client.post("/api/v1/subscriptions.read", obj("rid", roomId));
                if (login.status() != 200 || read.status() != 200) {
                    refusal.compareAndSet(null, "login " + login.status() + ", subscriptions.read " + read.status() + " " + read.text());
                    return;
                }
            } catch (UncheckedIOException serverGone) {
                return;
            }
        }
    }
}
