package dev.fedchat.server.api.rest;

import dev.fedchat.server.error.RcException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** ISO-8601 time parameters ({@code updatedSince}, {@code latest}, {@code oldest}) as epoch ms. */
final class Since {
    private Since() {}

    /** 0 (the beginning) when absent. */
    static long parse(String iso) {
        return parse(iso, 0);
    }

    static long parse(String iso, long fallback) {
        if (iso == null || iso.isBlank()) {
            return fallback;
        }
        try {
            return Instant.parse(iso.trim()).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw RcException.invalidParams("'" + iso + "' is not an ISO-8601 date such as 2026-11-27T10:00:00.000Z");
        }
    }
}
