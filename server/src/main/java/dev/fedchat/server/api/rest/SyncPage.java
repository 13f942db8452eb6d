package dev.fedchat.server.api.rest;

import dev.fedchat.server.api.view.Views;
import dev.fedchat.server.error.RcException;
import dev.fedchat.server.message.Sync;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * One page of {@code chat.syncMessages} in Rocket.Chat 7.1's cursor form, which the mobile app uses
 * when it reopens a room it has seen: {@code type=UPDATED} (messages changed after the cursor) or
 * {@code DELETED} (deleted after it), oldest first, at most {@code count}, with
 * {@code cursor: {next, previous}} as epoch-millisecond text. {@code next} is null on the last
 * page, so the client stops; {@code previous} is the page's first entry.
 *
 * <p>Only {@code next} is served: paging backwards ({@code previous}) needs the newest changes first
 * and no client of this server asks for it, so it is refused in words rather than answered wrong.
 * The parameter rules and their error codes are Rocket.Chat's.
 */
record SyncPage(String type, long after, int count) {
    static final int DEFAULT_COUNT = 20;
    /** One page must fit in what {@link Sync} reads, with the one more entry that says whether a next page exists. */
    static final int MAX_COUNT = Sync.MAX - 1;

    static SyncPage parse(String type, String next, String previous, String lastUpdate, int count) {
        if (type == null) {
            throw RcException.invalid("error-type-param-required",
                    "The \"type\" parameter is required when using the \"next\" or \"previous\" parameters");
        }
        if (!type.equals("UPDATED") && !type.equals("DELETED")) {
            throw RcException.invalid("error-type-param-not-supported", "The \"type\" parameter must be either \"UPDATED\" or \"DELETED\"");
        }
        if (next != null && previous != null) {
            throw RcException.invalid("error-cursor-conflict", "You cannot provide both \"next\" and \"previous\" parameters");
        }
        if (lastUpdate != null) {
            throw RcException.invalid("error-cursor-and-lastUpdate-conflict",
                    "The attributes \"next\", \"previous\" and \"lastUpdate\" cannot be used together");
        }
        if (next == null) {
            throw RcException.invalid("error-cursor-previous-not-supported",
                    "Paging backwards with \"previous\" is not supported here; page forwards with \"next\"");
        }
        long after;
        try {
            after = Long.parseLong(next.trim());
        } catch (NumberFormatException e) {
            throw RcException.invalidParams("'next' must be a cursor in epoch milliseconds, got '" + next + "'");
        }
        if (count < 1 || count > MAX_COUNT) {
            throw RcException.invalidParams("count must be between 1 and " + MAX_COUNT + ", got " + count);
        }
        return new SyncPage(type, after, count);
    }

    Map<String, Object> answer(Sync sync) {
        if (type.equals("UPDATED")) {
            return answer("updated", sync.updated(), m -> m.updatedAt(), Views::message);
        }
        return answer("deleted", sync.deleted(), Sync.Deletion::deletedAt, SyncPage::deletion);
    }

    static Map<String, Object> deletion(Sync.Deletion d) {
        return Map.of("_id", d.messageId(), "_deletedAt", Instant.ofEpochMilli(d.deletedAt()));
    }

    private <T> Map<String, Object> answer(String key, List<T> changes, ToLongFunction<T> at,
                                           Function<T, Map<String, Object>> view) {
        List<T> page = changes.stream().limit(count).toList();
        String nextCursor = changes.size() > count ? String.valueOf(at.applyAsLong(page.get(page.size() - 1))) : null;
        String previousCursor = page.isEmpty() ? null : String.valueOf(at.applyAsLong(page.get(0)));
        Map<String, Object> cursor = new LinkedHashMap<>();
        cursor.put("next", nextCursor);
        cursor.put("previous", previousCursor);
        return Replies.of(key, page.stream().map(view).toList(), "cursor", cursor);
    }
}
