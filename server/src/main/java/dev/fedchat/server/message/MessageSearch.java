package dev.fedchat.server.message;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fedchat.server.error.RcException;
import dev.fedchat.server.room.Room;
import dev.fedchat.server.room.RoomService;
import dev.fedchat.server.user.User;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Searches one room's messages: {@code chat.search} and the DDP method {@code messageSearch}
 * (issue 13). Read-only. On PostgreSQL the index is kept by the database itself in the
 * transaction of every write (a generated {@code tsvector} column); on H2 the room is walked
 * instead ({@link TextMatch} says why). Either way nothing on the write path calls this class, and
 * an edit or a delete is seen by the next search.
 *
 * <p>Only a caller who may read the room gets an answer: members, and anyone logged in for a
 * public channel, as for history. An unknown room and a room the caller may not read are refused
 * alike, so a search never tells whether a private room exists.
 *
 * <p>A page holds at most {@link #MAX_COUNT} messages, newest first unless the query says
 * {@code order:asc}. Thread-safe.
 */
public final class MessageSearch {
    /** Rocket.Chat's {@code API_Upper_Count_Limit} default. */
    public static final int MAX_COUNT = 100;

    private final Jdbi jdbi;
    private final ObjectMapper json;
    private final RoomService rooms;
    private final TextMatch textMatch;
    private final SearchMarks marks;
    private final RegexScan regexScan;

    public MessageSearch(Jdbi jdbi, ObjectMapper json, RoomService rooms, boolean postgres, SearchMarks marks,
                         Clock clock) {
        this.jdbi = jdbi;
        this.json = json;
        this.rooms = rooms;
        this.textMatch = TextMatch.of(postgres);
        this.marks = marks;
        this.regexScan = new RegexScan(clock);
    }

    /** The room, when it exists and {@code caller} may read it; empty for both other cases alike. */
    public Optional<Room> readableRoom(User caller, String roomId) {
        return Optional.ofNullable(roomId).flatMap(rooms::byId).filter(r -> rooms.canRead(r, caller));
    }

    /** What the REST API answers for a room {@link #readableRoom} does not give. */
    public static RcException notReadable() {
        return new RcException(403, "error-not-allowed", "You may not search this room");
    }

    /**
     * The page {@code offset .. offset+count} of the messages of {@code room} (from
     * {@link #readableRoom}) that match {@code text}. Refuses (400) a malformed query or page; a
     * query that asks for nothing finds nothing, as in Rocket.Chat.
     */
    public List<Message> search(User caller, Room room, String text, int count, int offset) {
        if (count < 1 || count > MAX_COUNT || offset < 0) {
            throw RcException.invalidParams("count must be between 1 and " + MAX_COUNT + " and offset not negative");
        }
        if (!rooms.canRead(room, caller)) {
            throw notReadable();
        }
        SearchQuery q = SearchQuery.parse(text, caller.username());
        if (q.isEmpty()) {
            return List.of();
        }
        return jdbi.withHandle(h -> {
            List<String> ids;
            if (q.regex() != null) {
                ids = regexScan.matches(h, q, q.regex(), () -> SearchSql.filters(room.id(), caller.id(), q, marks),
                        offset + count);
                ids = ids.subList(Math.min(offset, ids.size()), ids.size());
            } else {
                SearchSql sql = SearchSql.filters(room.id(), caller.id(), q, marks);
                if (q.hasText()) {
                    textMatch.addText(sql, q.words(), q.phrases());
                }
                ids = sql.select(h, "m.id", q.oldestFirst(), "LIMIT " + sql.bind(count) + " OFFSET " + sql.bind(offset))
                        .mapTo(String.class).list();
            }
            MessageDao dao = new MessageDao(h, json);
            return ids.stream().map(dao::byId).flatMap(Optional::stream).toList();
        });
    }
}
