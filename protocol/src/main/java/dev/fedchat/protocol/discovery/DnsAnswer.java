package dev.fedchat.protocol.discovery;

import java.util.List;

/**
 * What one DNS question got back. Absence and failure are kept apart because they call for
 * different fixes: a missing record is the operator's to publish, a failed query is the
 * resolver's or the network's (and is retried sooner).
 */
public sealed interface DnsAnswer<T> {

    /** Records of the asked type, with the smallest TTL among them, in seconds. */
    record Found<T>(List<T> records, long ttlSeconds) implements DnsAnswer<T> {
        public Found {
            records = List.copyOf(records);
        }
    }

    /** The name does not exist (NXDOMAIN) or has no record of the asked type (NODATA). */
    record Missing<T>(boolean nameExists) implements DnsAnswer<T> {
        public String describe() {
            return nameExists ? "the name exists but has no record of this type" : "no such name (NXDOMAIN)";
        }
    }

    /** The question got no usable answer: timeout, SERVFAIL, REFUSED, a network error. */
    record Failed<T>(String reason, boolean timedOut) implements DnsAnswer<T> {}
}
