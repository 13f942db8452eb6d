package dev.fedchat.server.api.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.error.RcException;
import dev.fedchat.server.settings.SettingDefinition;
import dev.fedchat.server.settings.SettingsService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The settings API (client-api.md §2.8); {@code settings.public} and {@code settings} list the ids
 * a client names, in either of Rocket.Chat's two forms. Writes need an admin; the 2FA headers Rocket.Chat asks
 * for ({@code X-2FA-Code}, {@code X-2FA-Method}) are accepted when sent and not required.
 */
final class SettingsRoutes {
    private final SettingsService settings;
    private final Auth auth;
    private final RequestReader reader;

    SettingsRoutes(SettingsService settings, Auth auth, RequestReader reader) {
        this.settings = settings;
        this.auth = auth;
        this.reader = reader;
    }

    void install(RoutesConfig routes) {
        routes.get("/api/v1/settings.public", ctx -> list(ctx, true));
        routes.get("/api/v1/settings", ctx -> list(ctx, !auth.optional(ctx).map(u -> u.isAdmin()).orElse(false)));
        routes.get("/api/v1/settings/{id}", this::get);
        routes.post("/api/v1/settings/{id}", this::set);
    }

    private void list(Context ctx, boolean publicOnly) {
        RequestReader.Page page = reader.page(ctx);
        Optional<Set<String>> ids = wantedIds(ctx);
        List<Map<String, Object>> all = settings.definitions().stream()
                .filter(d -> !publicOnly || d.isPublic())
                .filter(d -> ids.map(wanted -> wanted.contains(d.id())).orElse(true))
                .map(this::view).toList();
        List<Map<String, Object>> slice = all.stream().skip(page.offset()).limit(page.count()).toList();
        Replies.ok(ctx, Replies.of("settings", slice, "count", slice.size(), "offset", page.offset(), "total", all.size()));
    }

    /**
     * The ids asked for: {@code _id=a,b,c} (Rocket.Chat 7.0 on) or the older
     * {@code query={"_id":{"$in":[...]}}} / {@code query={"_id":"a"}}; empty for every setting.
     */
    private Optional<Set<String>> wantedIds(Context ctx) {
        String plain = ctx.queryParam("_id");
        if (plain != null) {
            return Optional.of(Arrays.stream(plain.split(",")).map(String::trim).filter(id -> !id.isEmpty())
                    .collect(Collectors.toSet()));
        }
        String query = ctx.queryParam("query");
        if (query == null || query.isBlank()) {
            return Optional.empty();
        }
        JsonNode id;
        try {
            id = reader.json().readTree(query).path("_id");
        } catch (JsonProcessingException e) {
            throw RcException.invalidParams("'query' must be a JSON object: " + e.getOriginalMessage());
        }
        if (id.isMissingNode()) {
            return Optional.empty();
        }
        if (id.isTextual()) {
            return Optional.of(Set.of(id.textValue()));
        }
        if (id.path("$in").isArray()) {
            Set<String> wanted = new HashSet<>();
            id.path("$in").forEach(n -> wanted.add(n.asText()));
            return Optional.of(wanted);
        }
        throw RcException.invalidParams("'query' may select settings by _id only: {\"_id\": \"id\"} or"
                + " {\"_id\": {\"$in\": [...]}}");
    }

    private void get(Context ctx) {
        auth.requireAdmin(ctx);
        SettingDefinition d = definition(ctx.pathParam("id"));
        Replies.ok(ctx, Replies.of("_id", d.id(), "value", settings.value(d.id())));
    }

    private void set(Context ctx) {
        auth.requireAdmin(ctx);
        RequestBody body = reader.body(ctx);
        String id = ctx.pathParam("id");
        definition(id);
        if (!body.has("value")) {
            throw RcException.invalidParams("must have required property 'value'");
        }
        settings.set(id, body.node("value"));
        Replies.ok(ctx);
    }

    private SettingDefinition definition(String id) {
        return settings.definition(id).orElseThrow(() -> new RcException(400, null, "Setting " + id + " does not exist"));
    }

    private Map<String, Object> view(SettingDefinition d) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("_id", d.id());
        v.put("value", settings.value(d.id()));
        v.put("type", d.wireType());
        v.put("public", d.isPublic());
        v.put("readonly", d.readOnly());
        if (!d.choices().isEmpty()) {
            v.put("values", d.choices().stream().map(c -> Map.of("key", c, "i18nLabel", c)).toList());
        }
        return v;
    }
}
