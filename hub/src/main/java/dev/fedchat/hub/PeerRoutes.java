package dev.fedchat.hub;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fedchat.hub.Directory.DomainRow;
import dev.fedchat.protocol.hub.HubClient;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The two calls Rocket.Chat servers make (federation-protocol.md §5): {@code POST /api/v1/peers}
 * to register and {@code GET /api/v1/peers?search=<domain>} to look a peer up. Registering
 * servers only look at the status; the body says what happened for people and fedchat's logs.
 * Both are limited per client address, each on its own count, before anything else is read.
 */
final class PeerRoutes {
    private final Registrations registrations;
    private final AddressLimiter lookups;
    private final ObjectMapper json;

    PeerRoutes(Registrations registrations, AddressLimiter lookups, ObjectMapper json) {
        this.registrations = registrations;
        this.lookups = lookups;
        this.json = json;
    }

    void install(RoutesConfig routes) {
        routes.post(HubClient.PEERS_PATH, this::register);
        routes.get(HubClient.PEERS_PATH, this::lookup);
    }

    private void register(Context ctx) {
        registrations.admit(ctx.ip());
        JsonNode body = body(ctx);
        PeerData data = PeerData.parse(text(body, "domain"), text(body, "url"), text(body, "public_key"));
        Registrations.Outcome outcome = registrations.register(data, ctx.ip());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("success", true);
        answer.put("message", switch (outcome) {
            case MAILED -> "a confirmation link was mailed to webmaster@" + data.domain()
                    + "; the entry is listed once it is confirmed";
            case ALREADY_MAILED -> "a confirmation link was mailed to webmaster@" + data.domain()
                    + " a short while ago; it is still valid";
            case ALREADY_CONFIRMED -> data.domain() + " is listed with exactly this data";
        });
        ctx.json(answer);
    }

    private void lookup(Context ctx) {
        // counted before the search is read, as registrations are: malformed lookups are limited too
        lookups.acquire(ctx.ip());
        String search = ctx.queryParam("search");
        if (search == null || search.isBlank()) {
            throw new InvalidRegistrationException("search is missing: GET " + HubClient.PEERS_PATH + "?search=<domain>");
        }
        DomainRow entry = registrations.lookup(search);
        Map<String, Object> peer = new LinkedHashMap<>();
        peer.put("domain", entry.domain());
        peer.put("url", entry.url());
        peer.put("public_key", entry.publicKey());
        ctx.json(Map.of("success", true, "peer", peer));
    }

    private JsonNode body(Context ctx) {
        String text = ctx.body();
        try {
            JsonNode node = json.readTree(text);
            if (node == null || !node.isObject()) {
                throw new InvalidRegistrationException("the body must be a JSON object {\"domain\", \"url\", \"public_key\"}");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidRegistrationException("the body is not JSON: " + e.getOriginalMessage());
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidRegistrationException(field + " must be a string, got " + value.getNodeType().name().toLowerCase());
        }
        return value.asText();
    }
}
