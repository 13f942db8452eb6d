package dev.fedchat.server.federation.users;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.protocol.discovery.DnsRecordsException;
import dev.fedchat.protocol.discovery.FederationDomain;
import dev.fedchat.server.user.RemoteProfile;
import dev.fedchat.server.user.User;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Users as they travel between servers (federation-protocol.md §8.2), both ways.
 *
 * <p><b>Out</b> ({@link #normalize}): the shape Rocket.Chat's user normaliser sent, for
 * {@code federation.users.search}, {@code getByUsername} and the user inside {@code room_add_user}
 * events. The real e-mail never leaves: the address is the pseudo one {@code <_id>@<origin>}
 * (Rocket.Chat sent the real one before its PR #23347). Nothing is written back to the user,
 * unlike Rocket.Chat's normaliser, which stored {@code federation}/{@code isRemote} on every user
 * it was asked about.
 *
 * <p><b>In</b> ({@link #denormalize}): a peer's normalised user, checked field by field, as the
 * few fields this server keeps ({@link RemoteProfile}), {@code active} among them (a user
 * deactivated at home shows as inactive here). Anything else it carries (e-mails, roles,
 * {@code isRemote}) is ignored: those are fixed for a remote user. This checks
 * only that the user is well formed and consistent with itself; whether the sender may speak for
 * that origin is {@link RemoteUsers}' decision.
 *
 * <p>Dates go out as {@link Instant}s, so REST writes them as ISO text and EJSON as {@code $date};
 * both forms are read. Thread-safe.
 */
public final class UserNormalizer {
    /** Column widths of {@code users.id}, {@code users.username} and {@code users.name}. */
    public static final int MAX_ID_LENGTH = 64;
    public static final int MAX_USERNAME_LENGTH = 255;
    public static final int MAX_NAME_LENGTH = 255;
    /**
     * A Meteor id is 17 characters of [2-9A-Za-z]; imports and other servers use Mongo object ids
     * (24 hex) or UUID-like text. Ids end up in DM room ids and URLs, so nothing else is allowed.
     */
    private static final Pattern ID = Pattern.compile("[0-9A-Za-z_-]{1," + MAX_ID_LENGTH + "}");
    /**
     * The part before {@code @}: Rocket.Chat's default {@code [0-9a-zA-Z-_.]} widened to letters and
     * digits of any script, because its admins may relax {@code UTF8_User_Names_Validation}.
     */
    private static final Pattern USERNAME_PART = Pattern.compile("[\\p{L}\\p{N}._-]{1,64}");

    private final Supplier<String> ownDomain;
    private final Clock clock;

    /** {@code ownDomain} is read at each call, so a changed {@code FEDERATION_Domain} applies at once. */
    public UserNormalizer(Supplier<String> ownDomain, Clock clock) {
        this.ownDomain = ownDomain;
        this.clock = clock;
    }

    /** {@code user} as peers see it: qualified username, pseudo e-mail, {@code federation.origin}. */
    public Map<String, Object> normalize(User user) {
        String own = ownDomain.get();
        String origin = user.isRemote() ? user.federationOrigin() : own;
        String username = user.isRemote() ? user.username() : user.username() + "@" + own;
        String pseudoEmail = user.id() + "@" + origin;
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("_id", user.id());
        v.put("username", username);
        v.put("type", "user");
        v.put("name", user.name());
        v.put("emails", List.of(Map.of("address", pseudoEmail, "verified", false)));
        v.put("active", user.active());
        v.put("roles", List.of(User.ROLE_USER));
        v.put("status", user.active() ? "online" : "offline");
        v.put("federation", Map.of("origin", origin, "originalInfo", Map.of("email", pseudoEmail)));
        v.put("isRemote", !origin.equals(own));
        v.put("createdAt", Instant.ofEpochMilli(user.createdAt()));
        v.put("_updatedAt", Instant.ofEpochMilli(user.updatedAt()));
        return v;
    }

    /**
     * A peer's normalised user as the fields to keep; its {@code origin} may be any domain, ours
     * included (a local user mentioned in a peer's event).
     *
     * @throws InvalidRemoteUserException saying which field is wrong and why
     */
    public RemoteProfile denormalize(JsonNode user) {
        if (user == null || !user.isObject()) {
            throw new InvalidRemoteUserException("the user is not a JSON object");
        }
        String id = text(user, "_id");
        if (!ID.matcher(id).matches()) {
            throw new InvalidRemoteUserException("the id '" + excerpt(id) + "' is not 1 to " + MAX_ID_LENGTH
                    + " letters, digits, '-' or '_'");
        }
        String origin = origin(user);
        String username = text(user, "username");
        int at = username.lastIndexOf('@');
        if (at < 0 || !username.substring(at + 1).toLowerCase(Locale.ROOT).equals(origin)) {
            throw new InvalidRemoteUserException("the username '" + excerpt(username)
                    + "' is not qualified with the user's origin " + excerpt(origin));
        }
        String part = username.substring(0, at);
        if (!USERNAME_PART.matcher(part).matches()) {
            throw new InvalidRemoteUserException("the username '" + excerpt(username)
                    + "' must be 1 to 64 letters, digits, '.', '-' or '_' before its @domain");
        }
        String qualified = part + "@" + origin;
        if (qualified.length() > MAX_USERNAME_LENGTH) {
            throw new InvalidRemoteUserException("the username is " + qualified.length() + " characters long; at most "
                    + MAX_USERNAME_LENGTH);
        }
        // a deactivated user shows as inactive here too; anything but an explicit false is active, as before
        boolean active = !user.path("active").isBoolean() || user.path("active").booleanValue();
        return new RemoteProfile(id, qualified, name(user, part), origin, createdAt(user.get("createdAt")), active);
    }

    /** {@code federation.origin}, a domain in canonical form (Rocket.Chat's normaliser always sets it). */
    private static String origin(JsonNode user) {
        JsonNode n = user.path("federation").get("origin");
        if (n == null || !n.isTextual() || n.textValue().isEmpty()) {
            throw new InvalidRemoteUserException("'federation.origin' is missing or not text");
        }
        try {
            return new FederationDomain(n.textValue().toLowerCase(Locale.ROOT)).name();
        } catch (DnsRecordsException e) {
            throw new InvalidRemoteUserException("'federation.origin' is not a domain: " + excerpt(n.textValue()));
        }
    }

    private static String name(JsonNode user, String fallback) {
        JsonNode n = user.get("name");
        if (n == null || n.isNull() || (n.isTextual() && n.textValue().isBlank())) {
            return fallback;
        }
        if (!n.isTextual()) {
            throw new InvalidRemoteUserException("'name' is not text");
        }
        String name = n.textValue().strip();
        if (name.length() > MAX_NAME_LENGTH) {
            throw new InvalidRemoteUserException("the name is " + name.length() + " characters long; at most " + MAX_NAME_LENGTH);
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidRemoteUserException("the name contains control characters");
        }
        return name;
    }

    /** When the home server created the user; its own clock, so never later than ours, and now when it did not say. */
    private long createdAt(JsonNode value) {
        long now = clock.millis();
        long at;
        if (value == null || value.isNull()) {
            return now;
        } else if (value.isTextual()) {
            try {
                at = Instant.parse(value.textValue()).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new InvalidRemoteUserException("'createdAt' is not an ISO-8601 date: " + excerpt(value.textValue()));
            }
        } else if (value.path("$date").isIntegralNumber()) {
            at = value.path("$date").longValue();
        } else {
            throw new InvalidRemoteUserException("'createdAt' is neither an ISO-8601 date nor {\"$date\": <ms>}");
        }
        return Math.max(0, Math.min(at, now));
    }

    private static String text(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n == null || !n.isTextual() || n.textValue().isEmpty()) {
            throw new InvalidRemoteUserException("'" + field + "' is missing or not text");
        }
        return n.textValue();
    }

    /** Peer text quoted in an error, cut so a hostile peer cannot flood our logs and answers. */
    private static String excerpt(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "…" : text;
    }
}
