package dev.fedchat.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Creates what a measurement needs through the public REST API, as a real client would: users
 * ({@code users.register} + {@code login}) and channels ({@code channels.create}).
 */
final class Workspace {
    static final String PASSWORD = "bench-pass-1";

    private final RestClient anonymous;
    private final RestClient admin;

    Workspace(String baseUrl, String adminName, String adminPassword) {
        this.anonymous = RestClient.anonymous(baseUrl);
        this.admin = anonymous.login(adminName, adminPassword);
    }

    RestClient admin() {
        return admin;
    }

    /**
     * Registers and logs in {@code count} users named {@code prefix1..prefixN}. Two at a time:
     * each registration and each login is a bcrypt (cost 10) that keeps one core busy.
     */
    List<RestClient> users(String prefix, int count) {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<RestClient>> pending = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                String name = prefix + i;
                pending.add(pool.submit(() -> {
                    anonymous.post("/api/v1/users.register",
                            Map.of("username", name, "email", name + "@bench.example", "pass", PASSWORD, "name", name));
                    return anonymous.login(name, PASSWORD);
                }));
            }
            List<RestClient> users = new ArrayList<>();
            for (Future<RestClient> f : pending) {
                users.add(f.get());
            }
            return users;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating users", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not create the bench users", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** A public channel owned by the admin with {@code members} in it; returns its id. */
    String channel(String name, List<String> members) {
        return admin.post("/api/v1/channels.create", Map.of("name", name, "members", members))
                .path("channel").path("_id").asText();
    }
}
