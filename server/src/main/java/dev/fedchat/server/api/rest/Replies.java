package dev.fedchat.server.api.rest;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** Rocket.Chat's success envelope: the payload's fields at the top level plus {@code success: true}. */
final class Replies {
    private Replies() {}

    static void ok(Context ctx, Map<String, ?> payload) {
        Map<String, Object> body = new LinkedHashMap<>(payload);
        body.put("success", true);
        ctx.json(body);
    }

    static void ok(Context ctx) {
        ctx.json(Map.of("success", true));
    }

    static Map<String, Object> of(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
