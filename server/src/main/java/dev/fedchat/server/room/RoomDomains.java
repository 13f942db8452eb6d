package dev.fedchat.server.room;

import dev.fedchat.server.error.RcException;
import dev.fedchat.server.user.User;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Which servers (domains) take part in a room, and the rules a local change must keep when it
 * brings users of other servers in (federation-protocol.md §8.1, §8.3, §8.4):
 * <ul>
 *   <li>a public channel takes no new server unless its owner opened it to federation (issue 13
 *       §2): refused with {@code error-federation-public-channel}, where Rocket.Chat answered
 *       success and removed the subscription again behind the user's back (#17794);</li>
 *   <li>a room spans at most {@code FEDERATED_DOMAINS_LENGTH} domains, ours included: refused with
 *       {@code error-federation-domains-limit};</li>
 *   <li>only the room's origin brings a new server into a room it holds, because only the origin
 *       may send the genesis the new server needs: refused elsewhere with
 *       {@code error-federation-not-origin}.</li>
 * </ul>
 * A room's domains are its origin and the home domains of its members. The origin stays a domain
 * of its room even when none of its users is left in it: it is the room's authority (delete,
 * moderation of other servers' users, new servers), so it must keep hearing the room's events.
 *
 * <p>A local user's domain is ours; a remote user's is its {@code federation.origin}. Names are
 * checked before anyone is looked up ({@link #checkNames}), so a refused request does not import
 * users from their home servers first. Thread-safe (immutable; the own domain is read at each call).
 */
public final class RoomDomains {
    private final Supplier<String> ownDomain;
    private final int maxDomains;

    /**
     * @param ownDomain  this server's federation domain, read at each call (the setting may change)
     * @param maxDomains {@code FEDERATED_DOMAINS_LENGTH}
     */
    public RoomDomains(Supplier<String> ownDomain, int maxDomains) {
        this.ownDomain = ownDomain;
        this.maxDomains = maxDomains;
    }

    public String own() {
        return ownDomain.get();
    }

    /** The home domain of {@code user}. */
    public String of(User user) {
        return user.isRemote() ? user.federationOrigin() : own();
    }

    /** True when {@code user} is one of ours. */
    public boolean isLocal(User user) {
        return !user.isRemote();
    }

    /**
     * The federation of a room of {@code type} once users from {@code addedDomains} joined members
     * from {@code memberDomains}: null while everyone is ours and the room was never federated;
     * else its origin (kept, or ours for a room federated now) and its domains, sorted. Adding never
     * removes a domain.
     *
     * @param current the room's federation now, null for a local room
     * @throws RcException when the rules above refuse it
     */
    public RoomFederation afterAdding(String type, RoomFederation current, Collection<String> memberDomains,
                                      Collection<String> addedDomains) {
        return afterAdding(type, false, current, memberDomains, addedDomains);
    }

    /** As {@link #afterAdding(String, RoomFederation, Collection, Collection)}, for a channel {@code open} to federation or not. */
    public RoomFederation afterAdding(String type, boolean open, RoomFederation current, Collection<String> memberDomains,
                                      Collection<String> addedDomains) {
        String origin = current != null ? current.origin() : own();
        TreeSet<String> domains = new TreeSet<>(memberDomains);
        domains.addAll(addedDomains);
        domains.add(origin);
        if (current == null && domains.size() == 1 && domains.contains(own())) {
            return null;
        }
        boolean newServers = current == null || !current.domains().containsAll(domains);
        if (Room.CHANNEL.equals(type) && newServers && !open) {
            throw publicChannel();
        }
        if (current != null) {
            if (!origin.equals(own()) && !current.domains().containsAll(addedDomains)) {
                throw notOrigin(origin, "bring a new server into it");
            }
            domains.addAll(current.domains());
        }
        if (domains.size() > maxDomains) {
            throw tooMany(domains.size());
        }
        return new RoomFederation(origin, List.copyOf(domains));
    }

    /** The federation of a room once only members from {@code memberDomains} are left; null for a local room. */
    public RoomFederation afterRemoving(RoomFederation current, Collection<String> memberDomains) {
        if (current == null) {
            return null;
        }
        TreeSet<String> domains = new TreeSet<>(memberDomains);
        domains.add(current.origin());
        return new RoomFederation(current.origin(), List.copyOf(domains));
    }

    /**
     * Refuses early, from the names alone, what {@link #afterAdding} would refuse once the users
     * were looked up, so that no remote user is imported for a request that fails anyway.
     */
    public void checkNames(String type, RoomFederation current, Collection<String> memberDomains,
                           Collection<String> usernames) {
        checkNames(type, false, current, memberDomains, usernames);
    }

    public void checkNames(String type, boolean open, RoomFederation current, Collection<String> memberDomains,
                           Collection<String> usernames) {
        afterAdding(type, open, current, memberDomains, usernames.stream().map(this::domainOfName).toList());
    }

    /** {@code bob@beta.test} → {@code beta.test}; a local name (which has no {@code @}) → ours. */
    public String domainOfName(String username) {
        String n = username.strip();
        int at = n.lastIndexOf('@');
        if (at <= 0 || at == n.length() - 1) {
            return own();
        }
        String domain = n.substring(at + 1).toLowerCase(Locale.ROOT);
        return domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
    }

    /** Moderating a user of another server happens at the room's origin only. */
    public void requireMayModerate(Room room, User target, String what) {
        if (room.federation() != null && !room.federation().origin().equals(own()) && !isLocal(target)) {
            throw notOrigin(room.federation().origin(), what + " a user of another server");
        }
    }

    /** A federated room's state (settings, roles) changes at its origin only. */
    public void requireOrigin(Room room, String what) {
        if (room.federation() != null && !room.federation().origin().equals(own())) {
            throw notOrigin(room.federation().origin(), what);
        }
    }

    static RcException publicChannel() {
        return RcException.invalid("error-federation-public-channel",
                "This public channel is not open to other servers: its owner can open it to federation"
                        + " (channels.openToFederation), or use a private group");
    }

    private RcException tooMany(int wanted) {
        return RcException.invalid("error-federation-domains-limit", "A federated room can span at most " + maxDomains
                + " servers (FEDERATED_DOMAINS_LENGTH); this change would make it " + wanted);
    }

    private static RcException notOrigin(String origin, String what) {
        return RcException.invalid("error-federation-not-origin", "This room belongs to " + origin
                + "; only that server can " + what);
    }
}
