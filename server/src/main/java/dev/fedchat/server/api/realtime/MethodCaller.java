package dev.fedchat.server.api.realtime;

import dev.fedchat.server.user.User;

/**
 * Who calls a Meteor method: a DDP connection ({@link DdpSession}), or one REST request through
 * {@code method.call/<name>} (Rocket.Chat's {@code API_Use_REST_For_DDP_Calls}, which the mobile app
 * uses). Methods read the caller and, for {@code login} and {@code logout}, tell it the outcome; a
 * REST caller lives for one request, so it keeps nothing.
 */
public interface MethodCaller {
    /** The logged-in user, or null. */
    User user();

    /** The login token the caller holds, or null. */
    String token();

    /** The caller's IP address, for the login rate limiter. */
    String clientAddress();

    /** A {@code login} succeeded: the caller is now {@code user} holding {@code token}. */
    void loggedIn(User user, String token);

    /** A {@code logout} ran: the caller holds no login any more. */
    void loggedOut();
}
