package dev.fedchat.server.federation.events;

import dev.fedchat.server.message.Message;
import dev.fedchat.server.message.MessageReplicas;
import dev.fedchat.server.message.MessageService;
import dev.fedchat.server.room.Room;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consecutive messages of one room in a dispatch batch that passed every check and wait to be
 * stored: the messages, their {@code federation_events} rows and the room's leaves in one
 * transaction ({@link MessageReplicas#storeAll}), where one event each cost two commits, and
 * a commit on the embedded database costs more than the rest of storing a message
 * (docs/benchmarks.md, "Federation").
 *
 * <p>Contract: the caller ({@link InboundEvents}) adds only messages that need nothing but
 * storing (no file to fetch), and {@link #store}s the run before it applies any other event, and
 * before an exception leaves the batch: then each event sees the effects of every event before
 * it, as when each had its own transaction. If the run's transaction fails, the run is stored
 * again one message (with its event) per transaction, so a message that cannot be stored fails
 * alone, after the ones before it are stored, exactly where per-event handling would have
 * stopped.
 *
 * <p>Threading: one per {@link InboundEvents#receive} call, used on its thread only.
 */
final class MessageRun {
    private static final Logger log = LoggerFactory.getLogger(MessageRun.class);

    private final MessageService messages;
    private final EventStore store;
    /** Told, after the commit and in order, what storing each event found (its missing parents). */
    private final BiConsumer<FederationEvent, EventStore.Added> stored;
    /** The room of the pending messages; null while the run is empty. */
    private Room room;
    private final List<FederationEvent> events = new ArrayList<>();
    private final List<Message> pending = new ArrayList<>();
    private final Set<String> eventIds = new HashSet<>();

    MessageRun(MessageService messages, EventStore store, BiConsumer<FederationEvent, EventStore.Added> stored) {
        this.messages = messages;
        this.store = store;
        this.stored = stored;
    }

    /** True when the event is waiting in this run (an event twice in a batch is applied once). */
    boolean holds(String eventId) {
        return eventIds.contains(eventId);
    }

    /** Adds a checked message of {@code e}; one of another room first stores the run so far. */
    void add(FederationEvent e, Room messageRoom, Message message) {
        if (room != null && !room.id().equals(messageRoom.id())) {
            store();
        }
        room = messageRoom;
        events.add(e);
        pending.add(message);
        eventIds.add(e.id());
    }

    /** Stores the pending messages, if any, and empties the run. */
    void store() {
        store(h -> { });
    }

    /**
     * Stores the pending messages, if any, and empties the run; {@code last} runs in the
     * transaction of the last message, after it (the batch's count of received events). Nothing
     * pending: {@code last} does not run, and the caller counts on its own.
     */
    void store(Consumer<Handle> last) {
        if (pending.isEmpty()) {
            return;
        }
        List<EventStore.Added> found = new ArrayList<>();
        try {
            try {
                messages.replicas().storeAll(room, replicas(0, pending.size(), found, last));
            } catch (RuntimeException failed) {
                log.warn("Storing {} messages of room {} in one transaction failed ({}); storing them one at a time",
                        pending.size(), room.id(), failed.toString());
                storeOneByOne(last);
                return;
            }
            for (int i = 0; i < events.size(); i++) {
                stored.accept(events.get(i), found.get(i));
            }
        } finally {
            // stored, or failed where per-event handling would have failed: either way not again
            clear();
        }
    }

    /** Each pending message with its event in a transaction of its own; the first that fails ends it. */
    private void storeOneByOne(Consumer<Handle> last) {
        for (int i = 0; i < pending.size(); i++) {
            List<EventStore.Added> found = new ArrayList<>(1);
            messages.replicas().storeAll(room, replicas(i, i + 1, found, last));
            stored.accept(events.get(i), found.get(0));
        }
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    /** The pending messages {@code from} (inclusive) {@code to} (exclusive), each storing its event too. */
    private List<MessageReplicas.Replica> replicas(int from, int to, List<EventStore.Added> found, Consumer<Handle> last) {
        List<MessageReplicas.Replica> replicas = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            FederationEvent e = events.get(i);
            boolean isLast = i == pending.size() - 1;
            replicas.add(new MessageReplicas.Replica(pending.get(i), h -> {
                found.add(store.add(h, e));
                if (isLast) {
                    last.accept(h);
                }
            }));
        }
        return replicas;
    }

    private void clear() {
        room = null;
        events.clear();
        pending.clear();
        eventIds.clear();
    }
}
