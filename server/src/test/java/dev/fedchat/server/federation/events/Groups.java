package dev.fedchat.server.federation.events;

import static dev.fedchat.server.testing.Json.obj;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.ApiResponse;
import dev.fedchat.server.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;

/**
 * A private group as each server's clients see it, for the federated-group tests: who is in it,
 * what it holds, and waiting (no sleeps) until a change made on one server shows on another.
 */
final class Groups {
    /** Deliveries take milliseconds; the bound only keeps a broken test from hanging. */
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private Groups() {}

    static void await(String what, Callable<Boolean> condition) {
        Awaitility.await(what).atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).until(condition);
    }

    /** {@code groups.create} by {@code owner} with {@code members}; returns the group's id. */
    static String create(ApiClient owner, String name, String... members) {
        return owner.post("/api/v1/groups.create", obj("name", name, "members", Arrays.asList(members))).expectOk()
                .path("group").path("_id").asText();
    }

    /** {@code groups.info} as {@code reader} sees it. */
    static JsonNode info(ApiClient reader, String roomId) {
        return reader.get("/api/v1/groups.info?roomId=" + roomId).expectOk().path("group");
    }

    /** True once {@code reader} holds a subscription to the room. */
    static boolean subscribed(ApiClient reader, String roomId) {
        ApiResponse r = reader.get("/api/v1/subscriptions.getOne?roomId=" + roomId);
        return r.status() == 200 && r.body().path("subscription").isObject();
    }

    static JsonNode subscription(ApiClient reader, String roomId) {
        return reader.get("/api/v1/subscriptions.getOne?roomId=" + roomId).expectOk().path("subscription");
    }

    /** True while the room exists on {@code server}. */
    static boolean exists(TestServer server, String roomId) {
        return server.server().rooms().byId(roomId).isPresent();
    }

    /** The members' usernames as {@code reader}'s server names them, sorted. */
    static List<String> members(ApiClient reader, String roomId) {
        List<String> names = new ArrayList<>();
        reader.get("/api/v1/groups.members?roomId=" + roomId).expectOk().path("members")
                .forEach(m -> names.add(m.path("username").asText()));
        return names.stream().sorted().toList();
    }

    /** The ids of the room's latest 100 messages, newest first. */
    static List<String> messageIds(ApiClient reader, String roomId) {
        List<String> ids = new ArrayList<>();
        reader.get("/api/v1/groups.history?roomId=" + roomId + "&count=100").expectOk().path("messages")
                .forEach(m -> ids.add(m.path("_id").asText()));
        return ids;
    }

    static String post(ApiClient author, String roomId, String text) {
        return author.post("/api/v1/chat.postMessage", obj("roomId", roomId, "text", text)).expectOk()
                .path("message").path("_id").asText();
    }

    /** The room's domains as {@code server} records them (also when none of its users is left in it). */
    static List<String> domains(TestServer server, String roomId) {
        return server.server().rooms().requireRoom(roomId).federation().domains();
    }
}
