package dev.fedchat.protocol.discovery;

import java.util.List;

/** One TXT record: its character-strings as published (each at most 255 bytes on the wire). */
public record TxtRecord(List<String> strings, long ttlSeconds) {
    public TxtRecord {
        strings = List.copyOf(strings);
    }

    /** The strings of this record joined with no separator, the way DNS-published keys are read. */
    public String joined() {
        return String.join("", strings);
    }
}
