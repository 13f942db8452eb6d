package dev.fedchat.server.user;

/**
 * What this server keeps of a user of another server (federation-protocol.md §8.1): the id its
 * home server gave it, its qualified username, its display name, and its home domain. The
 * federation layer builds it from a peer's answer after checking it; {@link UserService#saveRemote}
 * stores it. Everything else of a remote user is fixed: no e-mail, no password, role {@code user}.
 *
 * @param username  qualified, {@code <name>@<origin>}, the domain part lower-case
 * @param origin    the user's home domain, lower-case; never this server's own
 * @param createdAt when the home server created the user (epoch ms), as far as it said
 * @param active    false when the home server says the user was deactivated there
 */
public record RemoteProfile(String id, String username, String name, String origin, long createdAt, boolean active) {

    /** An active user. */
    public RemoteProfile(String id, String username, String name, String origin, long createdAt) {
        this(id, username, name, origin, createdAt, true);
    }

    public RemoteProfile {
        if (id == null || username == null || name == null || origin == null) {
            throw new IllegalArgumentException("a remote profile needs id, username, name and origin: " + id + ", "
                    + username + ", " + name + ", " + origin);
        }
        if (!username.endsWith("@" + origin)) {
            throw new IllegalArgumentException("the username " + username + " is not qualified with its origin " + origin);
        }
    }

    /** The user this profile describes, as it is stored (or shown, when it is not stored). */
    public User asUser(long updatedAt) {
        return new User(id, username, User.key(username), name, null, null, null, User.ROLE_USER, active,
                createdAt, updatedAt, origin, null);
    }
}
