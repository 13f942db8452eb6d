package dev.fedchat.server.presence;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/**
 * What local users chose, table {@code user_presence}: their default status and status text,
 * read through a bounded cache (every status shown asks it; a user forgotten is read again).
 * Thread-safe; a write goes to the table first, then replaces the cached row.
 */
final class PresenceChoices {
    static final int MAX_CACHED = 100_000;

    /** A user's choice; the default for a user who never chose: online, no text. */
    record Choice(UserStatus defaultStatus, String text) {
        static final Choice NONE = new Choice(UserStatus.ONLINE, null);
    }

    private final Jdbi jdbi;
    private final Clock clock;
    private final LoadingCache<String, Choice> cache;

    PresenceChoices(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.cache = Caffeine.newBuilder().executor(Runnable::run).maximumSize(MAX_CACHED).build(this::read);
    }

    Choice of(String userId) {
        return cache.get(userId);
    }

    private Choice read(String userId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT default_status, status_text FROM user_presence WHERE user_id = :id")
                .bind("id", userId)
                .map((rs, ctx) -> new Choice(UserStatus.parse(rs.getString(1)).orElse(UserStatus.ONLINE), rs.getString(2)))
                .findOne().orElse(Choice.NONE));
    }

    /** Stores {@code choice} for {@code userId}: one row per user, inserted or updated in one transaction. */
    void save(String userId, Choice choice) {
        long now = clock.millis();
        jdbi.useTransaction(h -> {
            int updated = h.createUpdate("UPDATE user_presence SET default_status = :status, status_text = :text, updated_at = :now"
                    + " WHERE user_id = :id").bind("status", choice.defaultStatus().wire()).bind("text", choice.text())
                    .bind("now", now).bind("id", userId).execute();
            if (updated == 0) {
                h.createUpdate("INSERT INTO user_presence (user_id, default_status, status_text, updated_at)"
                        + " VALUES (:id, :status, :text, :now) ON CONFLICT DO NOTHING").bind("id", userId)
                        .bind("status", choice.defaultStatus().wire()).bind("text", choice.text()).bind("now", now).execute();
            }
        });
        cache.put(userId, choice);
    }
}
