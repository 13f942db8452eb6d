package dev.fedchat.protocol.discovery;

import java.util.List;

/**
 * No usable peer for a domain, neither by DNS nor through a hub. The message lists every step
 * tried, in order, with its outcome, so an operator can see which record to fix.
 */
public final class PeerNotFoundException extends RuntimeException {

    /** Why, in the terms that decide how soon to try again. */
    public enum Problem {
        /** Nothing is published for the domain. */
        NOT_PUBLISHED,
        /** Records exist but cannot be used (a bad protocol TXT, a key split across records, not a key). */
        MISCONFIGURED,
        /** A DNS server or the hub did not answer properly; the records may be fine. */
        LOOKUP_FAILED
    }

    private final String domain;
    private final List<Attempt> attempts;
    private final Problem problem;

    public PeerNotFoundException(String domain, List<Attempt> attempts, Problem problem) {
        super(message(domain, attempts));
        this.domain = domain;
        this.attempts = List.copyOf(attempts);
        this.problem = problem;
    }

    public String domain() {
        return domain;
    }

    public List<Attempt> attempts() {
        return attempts;
    }

    public Problem problem() {
        return problem;
    }

    private static String message(String domain, List<Attempt> attempts) {
        StringBuilder text = new StringBuilder("Could not find the peer ").append(domain)
                .append(" using DNS or the hub. Tried, in order:");
        for (int i = 0; i < attempts.size(); i++) {
            text.append("\n  ").append(i + 1).append(". ").append(attempts.get(i));
        }
        return text.toString();
    }
}
