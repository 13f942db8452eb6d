package dev.fedchat.server.federation.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fedchat.server.room.RoomService;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * A room's event graph as an admin debugs it (Rocket.Chat's visualizer): each event stored in
 * {@code federation_events} as a node with its parent links, a page at a time, in the order the
 * store keeps them (the creator's time, then arrival). Every server of the room holds the same
 * ids, so two servers' graphs can be compared node by node. Read-only; thread-safe.
 */
public final class EventGraph {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> IDS = new TypeReference<>() {};

    private final Jdbi jdbi;
    private final RoomService rooms;

    public EventGraph(Jdbi jdbi, RoomService rooms) {
        this.jdbi = jdbi;
        this.rooms = rooms;
    }

    /**
     * One event of the graph.
     *
     * @param ts   the creator's clock (the id covers it, §7.3)
     * @param leaf no stored event names it as a parent yet: the parents of the room's next event
     */
    public record Node(String id, String type, String origin, Instant ts, List<String> parentIds, boolean leaf) {}

    /** {@code count} nodes from {@code offset}, and how many the room has in all. */
    public record Page(List<Node> events, long total) {}

    /** The row as stored; {@code parentIds} is the JSON array text. */
    public record Row(String id, String type, String origin, long ts, String parentIds, boolean hasChildren) {}

    /**
     * The room's events {@code offset} to {@code offset + count}; a local room that never federated
     * has none.
     *
     * @throws dev.fedchat.server.error.RcException {@code error-invalid-room} when no room has this id
     */
    public Page page(String roomId, int count, int offset) {
        rooms.byId(roomId).orElseThrow(RoomService::invalidRoom);
        return jdbi.withExtension(EventDao.class, dao -> new Page(
                dao.page(roomId, count, offset).stream().map(EventGraph::node).toList(), dao.countOfRoom(roomId)));
    }

    private static Node node(Row r) {
        List<String> parents;
        try {
            parents = JSON.readValue(r.parentIds(), IDS);
        } catch (JsonProcessingException e) {
            // written by EventStore from a List<String>: unreadable means a bug or a damaged row
            throw new IllegalStateException("federation_events " + r.id() + " has unreadable parent_ids: " + r.parentIds(), e);
        }
        return new Node(r.id(), r.type(), r.origin(), Instant.ofEpochMilli(r.ts()), parents, !r.hasChildren());
    }
}
