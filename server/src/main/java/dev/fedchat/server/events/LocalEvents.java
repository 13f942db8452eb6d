package dev.fedchat.server.events;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In-process publish/subscribe of {@link ChatEvent}s. Services publish only after their
 * transaction committed, so a listener never sees a change that could still roll back.
 *
 * <p>Listeners run on the publishing thread (the user's request): they must be fast and hand
 * slow work to their own executor. A listener that throws is logged and does not stop the others.
 */
public final class LocalEvents {
    private static final Logger log = LoggerFactory.getLogger(LocalEvents.class);

    private final List<Consumer<ChatEvent>> listeners = new CopyOnWriteArrayList<>();

    public void subscribe(Consumer<ChatEvent> listener) {
        listeners.add(listener);
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
