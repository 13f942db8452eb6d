package dev.fedchat.server.auth;

/** What a client presents to log in. */
public sealed interface Credentials {

    /** How the user is named in a password login. */
    enum By { USERNAME, EMAIL }

    /** A password login; {@code digest} is the lower-case hex SHA-256 of the password. */
    record Password(By by, String identifier, String digest) implements Credentials {}

    /** A token from an earlier login (REST {@code resume}, DDP {@code {"resume": token}}). */
    record Resume(String token) implements Credentials {}

    /** {@code user} as REST's login sends it: an e-mail when it contains {@code @}, else a username. */
    static By guess(String user) {
        return user.contains("@") ? By.EMAIL : By.USERNAME;
    }

    static Password password(String user, String digest) {
        return new Password(guess(user), user, digest);
    }
}
