package dev.fedchat.server.events;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In-process publish/subscribe of {@link ChatEvent}s, in two stages.
 *
 * <p><b>In the transaction</b> ({@link #record}): a service hands its events to the
 * {@linkplain #subscribeInTransaction in-transaction listeners} as the last step of the
 * transaction that made the change. Their writes commit with it or not at all: this is how a
 * post and its federation event with its outbox rows are one commit, so a crash can never keep
 * the message and lose its delivery (issue 4 §5). A listener that throws rolls the change back
 * and the caller gets the error — better than a change the other servers silently never see.
 *
 * <p><b>After the commit</b> ({@link #publish}): the same events go to the ordinary listeners
 * (DDP pushes, notifications), which so never see a change that could still roll back. They run
 * on the publishing thread (the user's request): they must be fast and hand slow work to their
 * own executor. A listener that throws is logged and does not stop the others.
 */
public final class LocalEvents {
    private static final Logger log = LoggerFactory.getLogger(LocalEvents.class);

    private final List<Consumer<ChatEvent>> listeners = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<Handle, ChatEvent>> transactional = new CopyOnWriteArrayList<>();

    public void subscribe(Consumer<ChatEvent> listener) {
        listeners.add(listener);
    }

    /** A listener whose writes must commit together with the change: it gets the change's handle. */
    public void subscribeInTransaction(BiConsumer<Handle, ChatEvent> listener) {
        transactional.add(listener);
    }

    /**
     * Runs the in-transaction listeners on {@code events}, in order, inside the transaction of
     * {@code h}. Call it once per transaction, after the change's own statements; publish the same
     * events after the commit.
     *
     * @throws IllegalStateException when {@code h} is not in a transaction
     */
    public void record(Handle h, List<? extends ChatEvent> events) {
        if (!h.isInTransaction()) {
            throw new IllegalStateException("LocalEvents.record must run inside the change's transaction");
        }
        for (ChatEvent event : events) {
            for (BiConsumer<Handle, ChatEvent> listener : transactional) {
                listener.accept(h, event);
            }
        }
    }

    public void publish(ChatEvent event) {
        for (Consumer<ChatEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                log.warn("A listener failed on {}: {}", event.getClass().getSimpleName(), e.toString(), e);
            }
        }
    }

    public void publishAll(List<? extends ChatEvent> events) {
        events.forEach(this::publish);
    }
}
