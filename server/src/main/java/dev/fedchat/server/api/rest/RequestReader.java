package dev.fedchat.server.api.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fedchat.server.error.RcException;
import io.javalin.http.Context;

/** Reads bodies and query parameters of REST requests with Rocket.Chat's error on bad input. */
final class RequestReader {
    /** Rocket.Chat's default page size and cap ({@code API_Default_Count}, {@code API_Upper_Count_Limit}). */
    static final int DEFAULT_COUNT = 50;
    static final int MAX_COUNT = 100;

    private final ObjectMapper json;

    RequestReader(ObjectMapper json) {
        this.json = json;
    }

    RequestBody body(Context ctx) {
        return RequestBody.parse(ctx.body(), json);
    }

    ObjectMapper json() {
        return json;
    }

    /** {@code count} and {@code offset} query parameters, bounded. */
    Page page(Context ctx) {
        int count = intParam(ctx, "count", DEFAULT_COUNT);
        int offset = intParam(ctx, "offset", 0);
        if (count < 0 || offset < 0) {
            throw RcException.invalidParams("count and offset must not be negative");
        }
        return new Page(count == 0 ? DEFAULT_COUNT : Math.min(count, MAX_COUNT), offset);
    }

    record Page(int count, int offset) {}

    static int intParam(Context ctx, String name, int fallback) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw RcException.invalidParams("The query parameter '" + name + "' must be a whole number, got '" + v + "'");
        }
    }

    static String required(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            throw RcException.invalidParams("The query parameter '" + name + "' is required");
        }
        return v;
    }
}
