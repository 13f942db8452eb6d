package dev.fedchat.protocol.doctor;

import dev.fedchat.protocol.discovery.DnsRecord;
import java.util.List;

/**
 * One record a server should publish, and what a DNS lookup found for it just now: the check mark
 * beside each line of "Add your server to the network".
 *
 * @param expected the record as {@code DnsRecords} prints it
 * @param optional true for the legacy pair, which only providers that refuse the primary SRV name need
 * @param detail   what was found, in words (why it is not the expected record)
 * @param found    the record data DNS answered with, each as a zone file writes it; empty when nothing was found
 */
public record RecordCheck(DnsRecord expected, boolean optional, State state, String detail, List<String> found) {

    public enum State {
        /** DNS answers exactly the expected record. */
        PUBLISHED,
        /** The name does not exist, or has no record of this type. */
        MISSING,
        /** DNS answers, but with another target, port, key or text. */
        DIFFERENT,
        /** The lookup got no usable answer (timeout, SERVFAIL, a network error): nothing is known. */
        FAILED,
        /** DNS was not asked: the server was started without DNS discovery (the demo). */
        NOT_ASKED
    }

    public RecordCheck {
        found = List.copyOf(found);
    }

    public boolean published() {
        return state == State.PUBLISHED;
    }
}
