package dev.fedchat.server.db;

import java.util.Locale;

/**
 * SQL LIKE patterns built from user text, so search input can never act as a wildcard: {@code %},
 * {@code _} and the escape character itself are escaped with a backslash, the default LIKE escape
 * of both PostgreSQL and H2. Searching for "50%" finds "50% off" and nothing else.
 */
public final class Like {
    private Like() {}

    /** Matches values containing {@code text}, case-insensitively (compare with a lower-cased column). */
    public static String contains(String text) {
        return "%" + escape(text == null ? "" : text.toLowerCase(Locale.ROOT)) + "%";
    }

    /** {@code text} matching only itself inside a pattern, case kept. */
    public static String escape(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
