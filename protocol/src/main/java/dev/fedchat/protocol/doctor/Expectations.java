package dev.fedchat.protocol.doctor;

import dev.fedchat.protocol.discovery.DnsRecords;
import java.util.Optional;

/**
 * What the doctor knows the answers should be. Checking another server's domain it knows
 * nothing and derives fixes from what it finds; checking its own domain (the admin's "Test
 * setup", or {@code doctor} with {@code --site-url}) it knows the records to publish and the key
 * the server really holds, so each fix is the exact record.
 *
 * @param records  the records this domain should publish
 * @param localKey the single-line PEM this server holds, compared with what DNS publishes
 */
public record Expectations(Optional<DnsRecords> records, Optional<String> localKey) {

    public static Expectations none() {
        return new Expectations(Optional.empty(), Optional.empty());
    }

    public static Expectations of(DnsRecords records, String localKey) {
        return new Expectations(Optional.of(records), Optional.of(localKey));
    }
}
