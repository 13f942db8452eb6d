package dev.fedchat.hub;

/**
 * A confirmation link that cannot be used: rendered as a page that says why and what to do,
 * with {@link Problem#status}.
 */
final class LinkException extends RuntimeException {
    enum Problem {
        /** No registration has this token: mistyped, cut, or removed by the admin. */
        UNKNOWN(404, "Unknown link"),
        /** The registration was confirmed already. */
        USED(410, "Link already used"),
        /** The link's lifetime is over. */
        EXPIRED(410, "Link expired"),
        /** A newer registration of the domain was confirmed; this older one would roll it back. */
        SUPERSEDED(410, "Link replaced by a newer registration");

        final int status;
        final String title;

        Problem(int status, String title) {
            this.status = status;
            this.title = title;
        }
    }

    private final Problem problem;

    LinkException(Problem problem, String message) {
        super(message);
        this.problem = problem;
    }

    Problem problem() {
        return problem;
    }
}
