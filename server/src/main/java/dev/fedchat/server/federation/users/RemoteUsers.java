package dev.fedchat.server.federation.users;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.error.RcException;
import dev.fedchat.server.federation.settings.FederationSettings;
import dev.fedchat.server.federation.transport.FederationClient;
import dev.fedchat.server.federation.transport.PeerCallException;
import dev.fedchat.server.settings.SettingsService;
import dev.fedchat.server.user.RemoteProfile;
import dev.fedchat.server.user.User;
import dev.fedchat.server.user.UserService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds users of other servers and keeps local copies of them (federation-protocol.md §6, §10):
 * {@link #search} asks a peer's {@code federation.users.search} for the directory,
 * {@link #importUser} stores a user its home server describes through
 * {@code federation.users.getByUsername}, {@link #importNormalized} stores a user that came inside
 * a peer's event.
 *
 * <p><b>Trust</b> (issue 4 §2). A peer speaks only for its own users: every user it answers must be
 * {@code <name>@<that peer's domain>} with {@code federation.origin} equal to that domain, so no
 * peer can plant a user of another server, or one of ours. A user of a third server named in an
 * event is checked with its home server before it is stored. Everything a peer sends is checked
 * by {@link UserNormalizer#denormalize}; ids are shared with peers (§8.1), so a stored user is never
 * handed to another origin ({@link UserService#saveRemote}).
 *
 * <p><b>Failures</b> are {@link RcException}s the client sees as 400s, each naming the peer and its
 * reason: {@code error-federation-peer-unreachable} (down, not found in DNS, federation off there,
 * keys), {@code error-federation-user-not-found}, {@code error-federation-peer-refused},
 * {@code error-federation-invalid-user}, {@code error-federation-disabled},
 * {@code error-invalid-username}.
 *
 * <p>Calls to peers happen on the caller's thread, bounded by the {@link FederationClient}'s
 * timeout. Thread-safe (stateless).
 */
public final class RemoteUsers {
    private static final Logger log = LoggerFactory.getLogger(RemoteUsers.class);
    private static final String UNREACHABLE = "error-federation-peer-unreachable";
    /** The most users one peer search may add to the directory; exact matches, so more means a misbehaving peer. */
    public static final int MAX_SEARCH_RESULTS = 20;
    static final String SEARCH = "federation.users.search";
    static final String GET_BY_USERNAME = "federation.users.getByUsername";

    private final FederationClient client;
    private final UserService users;
    private final UserNormalizer normalizer;
    private final SettingsService settings;
    private final Clock clock;

    public RemoteUsers(FederationClient client, UserService users, UserNormalizer normalizer, SettingsService settings,
                       Clock clock) {
        this.client = client;
        this.users = users;
        this.normalizer = normalizer;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * The users {@code qualified} ({@code bob@beta.test}, {@code Bob Builder@beta.test}) finds on its
     * server, exactly by username or display name; nothing is stored. Users of another server come
     * back as {@link User}s that exist only in the answer; for our own domain the local users are
     * found without any request. While federation is off only our own domain is searched, as
     * Rocket.Chat's directory did. A found user stored here before is refreshed (a user
     * deactivated at home shows as inactive from then on).
     */
    public List<User> search(String qualified) {
        QualifiedName q = QualifiedName.parse(qualified);
        if (q.domain().equals(client.ownDomain())) {
            return users.findLocalExactly(q.name());
        }
        if (!enabled()) {
            return List.of();
        }
        JsonNode answer;
        try {
            answer = client.get(q.domain(), SEARCH, Map.of("username", q.name(), "domain", q.domain()));
        } catch (PeerCallException e) {
            throw e.kind() == PeerCallException.Kind.REJECTED
                    ? RcException.invalid("error-federation-peer-refused", q.domain() + " refused the search for " + q
                            + ": " + e.getMessage())
                    : unreachable(q.domain(), e);
        }
        JsonNode list = answer.path("users");
        if (!list.isArray()) {
            throw invalidAnswer(q.domain(), "its answer has no list of 'users'");
        }
        if (list.size() > MAX_SEARCH_RESULTS) {
            log.warn("{} answered {} users to an exact search for {}; only the first {} are shown",
                    q.domain(), list.size(), q, MAX_SEARCH_RESULTS);
        }
        long now = clock.millis();
        List<User> found = new ArrayList<>();
        for (int i = 0; i < Math.min(list.size(), MAX_SEARCH_RESULTS); i++) {
            found.add(refreshed(ownUserOf(q.domain(), list.get(i)), now));
        }
        return found;
    }

    /**
     * A found user as shown: a copy stored before is refreshed with what its home server says
     * now (its name, and whether it is still active there); any other exists only in the answer.
     */
    private User refreshed(RemoteProfile p, long now) {
        if (users.byId(p.id()).filter(u -> p.origin().equals(u.federationOrigin())).isEmpty()) {
            return p.asUser(now);
        }
        try {
            return users.saveRemote(p);
        } catch (RcException conflict) {
            return p.asUser(now); // an id or name that conflicts is not stored; the answer still shows what the peer said
        }
    }

    /**
     * The local copy of {@code qualified} ({@code bob@beta.test}), fetched from its home server now
     * and stored, or refreshed when it was stored before (same id, no duplicate). A name of our own
     * domain is the local user, found without any request.
     */
    public User importUser(String qualified) {
        QualifiedName q = QualifiedName.parse(qualified);
        if (q.domain().equals(client.ownDomain())) {
            return users.byUsername(q.name()).filter(u -> !u.isRemote())
                    .orElseThrow(() -> notFound(q, "there is no such user on this server"));
        }
        requireEnabled();
        JsonNode answer;
        try {
            answer = client.get(q.domain(), GET_BY_USERNAME, Map.of("username", q.name()));
        } catch (PeerCallException e) {
            throw e.kind() == PeerCallException.Kind.REJECTED ? notFound(q, e.getMessage()) : unreachable(q.domain(), e);
        }
        RemoteProfile profile = ownUserOf(q.domain(), answer.get("user"));
        String answeredName = profile.username().substring(0, profile.username().lastIndexOf('@'));
        if (!answeredName.equalsIgnoreCase(q.name())) {
            throw invalidAnswer(q.domain(), "asked for " + q.name() + ", it answered " + profile.username());
        }
        return users.saveRemote(profile);
    }

    /**
     * The home domain of a peer's normalised user, read without storing or fetching anything, so
     * an event can be judged on it before it changes anything.
     *
     * @param senderDomain the proven sender, named in the refusal of a malformed user
     */
    public String originOf(JsonNode user, String senderDomain) {
        try {
            return normalizer.denormalize(user).origin();
        } catch (InvalidRemoteUserException e) {
            throw refused(senderDomain, e.getMessage());
        }
    }

    /**
     * The local user for a normalised user inside an event {@code senderDomain} sent (the user of
     * {@code room_add_user}, say):
     * <ul>
     *   <li>a user of the sender: stored or refreshed from the event;</li>
     *   <li>one of ours (federation-protocol.md §8.2, incoming): the local user with that id and
     *       username, unchanged; a peer cannot rename or create our users;</li>
     *   <li>a user of a third server: the copy stored before if it matches, otherwise fetched from
     *       its home server ({@link #importUser}), whose id must be the one in the event. The
     *       sender is not believed about another server's users.</li>
     * </ul>
     *
     * @param senderDomain the proven sender (an {@code Inbound}'s domain), never our own
     */
    public User importNormalized(JsonNode user, String senderDomain) {
        String own = client.ownDomain();
        if (senderDomain.equals(own)) {
            throw new IllegalArgumentException("our own events are not imported: the sender is this server, " + own);
        }
        RemoteProfile p;
        try {
            p = normalizer.denormalize(user);
        } catch (InvalidRemoteUserException e) {
            throw refused(senderDomain, e.getMessage());
        }
        String name = p.username().substring(0, p.username().lastIndexOf('@'));
        if (p.origin().equals(own)) {
            return users.byId(p.id()).filter(u -> !u.isRemote() && u.usernameKey().equals(User.key(name)))
                    .orElseThrow(() -> refused(senderDomain, "this server has no user " + name + " with the id " + p.id()));
        }
        if (p.origin().equals(senderDomain)) {
            return users.saveRemote(p);
        }
        Optional<User> known = users.byId(p.id())
                .filter(u -> p.origin().equals(u.federationOrigin()) && u.usernameKey().equals(User.key(p.username())));
        if (known.isPresent()) {
            return known.get();
        }
        User fromOrigin;
        try {
            fromOrigin = importUser(p.username());
        } catch (RcException e) {
            if (!UNREACHABLE.equals(e.errorType())) {
                throw e;
            }
            // not the event's fault: answered as a transient failure, the sender keeps the event
            // queued and sends it again, where a 400 would have it set aside for good
            throw new RcException(503, UNREACHABLE, "Cannot check " + p.username() + " with its home server yet: "
                    + e.reason());
        }
        if (!fromOrigin.id().equals(p.id())) {
            throw refused(senderDomain, p.origin() + " says " + p.username() + " has the id " + fromOrigin.id()
                    + ", not " + p.id());
        }
        return fromOrigin;
    }

    /** A user {@code domain} answered, accepted only when it is one of that domain's own. */
    private RemoteProfile ownUserOf(String domain, JsonNode user) {
        RemoteProfile p;
        try {
            p = normalizer.denormalize(user);
        } catch (InvalidRemoteUserException e) {
            throw invalidAnswer(domain, e.getMessage());
        }
        if (!p.origin().equals(domain)) {
            throw invalidAnswer(domain, "it answered " + p.username() + ", a user of "
                    + (p.origin().equals(client.ownDomain()) ? "this server" : p.origin()) + ", not one of its own");
        }
        return p;
    }

    private boolean enabled() {
        return settings.bool(FederationSettings.ENABLED);
    }

    private void requireEnabled() {
        if (!enabled()) {
            throw RcException.invalid("error-federation-disabled", "Federation is not enabled on this server");
        }
    }

    private static RcException unreachable(String domain, PeerCallException e) {
        return RcException.invalid(UNREACHABLE, "Could not reach " + domain + ": " + e.getMessage());
    }

    private static RcException notFound(QualifiedName q, String why) {
        return RcException.invalid("error-federation-user-not-found", "There is no user " + q + ": " + why);
    }

    private static RcException invalidAnswer(String domain, String why) {
        log.warn("Refused a user from {}: {}", domain, why);
        return RcException.invalid("error-federation-invalid-user", domain + " answered a user this server does not accept: " + why);
    }

    private static RcException refused(String sender, String why) {
        log.warn("Refused a user in an event from {}: {}", sender, why);
        return RcException.invalid("error-federation-invalid-user", "A user sent by " + sender + " is not accepted: " + why);
    }
}
