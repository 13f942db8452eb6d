package dev.fedchat.server.api.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fedchat.server.api.json.BoundedBody;
import dev.fedchat.server.error.RcException;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;

/** Reads bodies and query parameters of REST requests with Rocket.Chat's error on bad input. */
final class RequestReader {
    /** Rocket.Chat's default page size and cap ({@code API_Default_Count}, {@code API_Upper_Count_Limit}). */
    static final int DEFAULT_COUNT = 50;
    static final int MAX_COUNT = 100;
    /** The largest JSON body accepted; the longest message is 5,000 characters, attachments included this is ample. */
    static final int MAX_JSON_BODY_BYTES = 1024 * 1024;
    /** Read and dropped at most before a 413, so the client can hear it; a larger body is cut off. */

    private final ObjectMapper json;

    RequestReader(ObjectMapper json) {
        this.json = json;
    }

    /**
     * The JSON body, read up to {@link #MAX_JSON_BODY_BYTES}. A larger body is refused before it is
     * parsed (413), so a client cannot make the server hold an arbitrary amount of JSON in memory;
     * files go through the upload endpoints, which stream to disk.
     */
    RequestBody body(Context ctx) {
        byte[] bytes = BoundedBody.read(ctx, MAX_JSON_BODY_BYTES, "The request body");
        return RequestBody.parse(new String(bytes, StandardCharsets.UTF_8), json);
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
