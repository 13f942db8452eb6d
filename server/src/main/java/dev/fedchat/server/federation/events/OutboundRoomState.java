package dev.fedchat.server.federation.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fedchat.protocol.json.Ejson;
import dev.fedchat.server.message.Message;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.fedchat.server.events.ChatEvent;
import dev.fedchat.server.federation.delivery.Outbox;
import dev.fedchat.server.federation.settings.FederationSettings;
import dev.fedchat.server.room.MemberRoles;
import dev.fedchat.server.room.Room;
import dev.fedchat.server.room.RoomDao;
import dev.fedchat.server.room.RoomState;
import dev.fedchat.server.room.SubscriptionDao;
import dev.fedchat.server.settings.SettingsService;
import dev.fedchat.server.user.User;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a federated room's settings and roles to its peers when we are its origin
 * ({@code room_update}, {@link RoomStateWire}): after each change, and to a server that joins the
 * room once its settings or roles were ever changed (the genesis carries the settings, not the
 * roles beyond the creator's). Only to fedchat peers, those known to sign their requests: a
 * Rocket.Chat peer fails a whole batch at an event type it does not know, so it never gets one
 * (it sees the settings the genesis carried when it joined, and no later change).
 *
 * <p>Runs in the change's transaction, as {@link OutboundEvents} does, and after it: a joining
 * server's genesis batch is queued first.
 */
public final class OutboundRoomState implements BiConsumer<Handle, ChatEvent> {
    private static final Logger log = LoggerFactory.getLogger(OutboundRoomState.class);

    private final EventStore store;
    private final Outbox outbox;
    private final RoomStateWire wire;
    private final WireFormat names;
    private final SettingsService settings;
    private final Supplier<String> ownDomain;
    private final Predicate<String> fedchatPeer;

    /** @param fedchatPeer true for a domain known to run fedchat (it signed a request to us) */
    public OutboundRoomState(EventStore store, Outbox outbox, WireFormat wire, SettingsService settings,
                             Supplier<String> ownDomain, Predicate<String> fedchatPeer) {
        this.store = store;
        this.outbox = outbox;
        this.wire = new RoomStateWire(wire);
        this.names = wire;
        this.settings = settings;
        this.ownDomain = ownDomain;
        this.fedchatPeer = fedchatPeer;
    }

    @Override
    public void accept(Handle h, ChatEvent event) {
        if (!settings.bool(FederationSettings.ENABLED)) {
            return;
        }
        if (event instanceof ChatEvent.PinsChanged pins && isOurs(pins.room())) {
            sendPins(h, pins);
        } else if (event instanceof ChatEvent.RoomStateChanged changed && isOurs(changed.room())) {
            send(h, changed.room(), changed.after(), changed.by(), changed.version(), others(changed.room()));
        } else if (event instanceof ChatEvent.MembersAdded added && isOurs(added.room())) {
            Long version = h.attach(RoomDao.class).settingsAt(added.room().id());
            List<String> before = added.before() == null ? List.of() : added.before().domains();
            List<String> joining = others(added.room()).stream().filter(d -> !before.contains(d)).toList();
            if (version != null && !joining.isEmpty()) {
                List<MemberRoles> roles = h.attach(SubscriptionDao.class).members(added.room().id()).stream()
                        .map(m -> new MemberRoles(m.userId(), m.username(), m.userFullName(), m.roleList())).toList();
                send(h, added.room(), new RoomState(added.room().settings(), roles), null, version, joining);
            }
        }
    }

    private void send(Handle h, Room room, RoomState state, User by, long version, List<String> domains) {
        List<String> fedchat = domains.stream().filter(fedchatPeer).toList();
        if (fedchat.isEmpty()) {
            h.afterCommit(() -> log.info("Room {} ({}): its new settings and roles stay here; none of {} is known to run"
                    + " fedchat, and Rocket.Chat peers have no event for them", room.name(), room.id(), domains));
            return;
        }
        FederationEvent e = store.createBeside(h, ownDomain.get(), room.id(), EventType.ROOM_UPDATE,
                wire.write(room, state, by, version));
        outbox.enqueue(h, e.id(), fedchat);
        List<String> legacy = domains.stream().filter(d -> !fedchat.contains(d)).toList();
        h.afterCommit(() -> log.info("Room {} ({}): sent its settings and roles of version {} to {}{}", room.name(), room.id(),
                version, fedchat, legacy.isEmpty() ? "" : "; not to " + legacy + ", not known to run fedchat"));
    }

    /** {@code room_pins}: every pin of the room, so a peer that missed one takes the next whole. */
    private void sendPins(Handle h, ChatEvent.PinsChanged pins) {
        Room room = pins.room();
        List<String> fedchat = others(room).stream().filter(fedchatPeer).toList();
        if (fedchat.isEmpty()) {
            return;
        }
        List<Map<String, Object>> pinned = new ArrayList<>();
        for (Message m : pins.pinned()) {
            pinned.add(Map.of("_id", m.id(), "pinnedAt", Instant.ofEpochMilli(m.pin().at()),
                    "pinnedBy", Map.of("_id", m.pin().byId(), "username", names.qualify(m.pin().byUsername()))));
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("roomId", room.id());
        data.put("pinned", pinned);
        FederationEvent e = store.createBeside(h, ownDomain.get(), room.id(), EventType.ROOM_PINS,
                (ObjectNode) Ejson.toJsonValue(data));
        outbox.enqueue(h, e.id(), fedchat);
    }

    private boolean isOurs(Room room) {
        return room.isFederated() && ownDomain.get().equals(room.federationOrigin());
    }

    private List<String> others(Room room) {
        String own = ownDomain.get();
        return room.federation().domains().stream().filter(d -> !d.equals(own)).toList();
    }
}
