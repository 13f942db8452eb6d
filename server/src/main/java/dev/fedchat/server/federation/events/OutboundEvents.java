package dev.fedchat.server.federation.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fedchat.server.events.ChatEvent;
import dev.fedchat.server.federation.delivery.Outbox;
import dev.fedchat.server.federation.settings.FederationSettings;
import dev.fedchat.server.room.Room;
import dev.fedchat.server.room.RoomDao;
import dev.fedchat.server.room.RoomFederation;
import dev.fedchat.server.settings.SettingsService;
import dev.fedchat.server.user.User;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what local users do in federated rooms into events (federation-protocol.md §8.3): each
 * event is stored in the room's graph and queued for every other domain of the room in one
 * transaction, and the queues are woken when it commits; sending happens on the queues' threads, never on the
 * user's request. Changes that came from peers are not echoed: they are made by remote users, and
 * only local users' changes become events here.
 *
 * <p>Runs on the thread that published the chat event, after its transaction committed.
 */
public final class OutboundEvents implements Consumer<ChatEvent> {
    private static final Logger log = LoggerFactory.getLogger(OutboundEvents.class);

    private final Jdbi jdbi;
    private final EventStore store;
    private final Outbox outbox;
    private final WireFormat wire;
    private final SettingsService settings;
    private final Supplier<String> ownDomain;

    public OutboundEvents(Jdbi jdbi, EventStore store, Outbox outbox, WireFormat wire, SettingsService settings,
                          Supplier<String> ownDomain) {
        this.jdbi = jdbi;
        this.store = store;
        this.outbox = outbox;
        this.wire = wire;
        this.settings = settings;
        this.ownDomain = ownDomain;
    }

    @Override
    public void accept(ChatEvent event) {
        if (!settings.bool(FederationSettings.ENABLED)) {
            return;
        }
        try {
            if (event instanceof ChatEvent.DirectOpened opened) {
                directOpened(opened);
            } else if (event instanceof ChatEvent.MessageSaved saved && saved.room().isFederated()) {
                messageSaved(saved);
            } else if (event instanceof ChatEvent.MessageDeleted deleted && deleted.room().isFederated()
                    && isLocal(deleted.by()) && !deleted.authorUsername().contains("@")) {
                // a local moderator removing a remote user's message removes it here only: peers accept
                // deletions from the author's server alone
                send(deleted.room(), EventType.ROOM_DELETE_MESSAGE, wire.deleteMessage(deleted.roomId(), deleted.messageId()));
            } else if (event instanceof ChatEvent.ReactionChanged r && r.room().isFederated() && isLocal(r.by())) {
                send(r.room(), r.added() ? EventType.ROOM_SET_MESSAGE_REACTION : EventType.ROOM_UNSET_MESSAGE_REACTION,
                        wire.reaction(r.room().id(), r.message().id(), r.by().username(), r.reaction()));
            }
        } catch (RuntimeException e) {
            // the chat change is committed; losing its event silently would be worse than a loud log
            log.error("Could not create the federation event for {}: {}", event.getClass().getSimpleName(), e.toString(), e);
        }
    }

    private void messageSaved(ChatEvent.MessageSaved saved) {
        switch (saved.change()) {
            case POSTED -> {
                if (!saved.message().username().contains("@")) {
                    send(saved.room(), EventType.ROOM_MESSAGE, wire.message(saved.message()));
                }
            }
            case EDITED -> {
                String editor = saved.message().editedByName();
                if (editor != null && !editor.contains("@") && !saved.message().username().contains("@")) {
                    send(saved.room(), EventType.ROOM_EDIT_MESSAGE, wire.edit(saved.message()));
                }
            }
            case REACTED -> {
                // sent as its own event from ReactionChanged, with the reacting user
            }
        }
    }

    /**
     * A DM with a user of another server becomes a federated room: its genesis first, then one
     * add-user event per member, all without parents, as Rocket.Chat's {@code afterCreateDirectRoom} did.
     */
    private void directOpened(ChatEvent.DirectOpened opened) {
        TreeSet<String> domains = new TreeSet<>();
        String own = ownDomain.get();
        domains.add(own);
        for (User u : opened.members()) {
            domains.add(u.username().contains("@") ? u.username().substring(u.username().lastIndexOf('@') + 1) : own);
        }
        if (domains.size() < 2) {
            return;
        }
        Room room = opened.room().withFederation(new RoomFederation(own, List.copyOf(domains)));
        List<FederationEvent> created = new ArrayList<>();
        jdbi.useTransaction(h -> {
            h.attach(RoomDao.class).setFederation(room);
            created.add(store.create(h, own, room.id(), EventType.GENESIS, wire.genesis(room, opened.members()), true));
            for (User member : opened.members()) {
                String name = opened.members().stream().filter(o -> !o.id().equals(member.id()))
                        .map(o -> wire.qualify(o.username())).findFirst().orElse(wire.qualify(member.username()));
                created.add(store.create(h, own, room.id(), EventType.ROOM_ADD_USER, wire.addUser(room, member, name, null), true));
            }
            for (FederationEvent e : created) {
                outbox.enqueue(h, e.id(), others(room));
            }
        });
        log.info("Direct conversation {} now spans {}: sent its genesis and {} members", room.id(), domains, opened.members().size());
    }

    private void send(Room room, EventType type, ObjectNode data) {
        String own = ownDomain.get();
        jdbi.useTransaction(h -> {
            FederationEvent event = store.create(h, own, room.id(), type, data, false);
            outbox.enqueue(h, event.id(), others(room));
        });
    }

    private List<String> others(Room room) {
        String own = ownDomain.get();
        return room.federation().domains().stream().filter(d -> !d.equals(own)).toList();
    }

    private static boolean isLocal(User user) {
        return user != null && !user.username().contains("@");
    }
}
