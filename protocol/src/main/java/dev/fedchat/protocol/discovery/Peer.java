package dev.fedchat.protocol.discovery;

import java.net.URI;
import java.security.PublicKey;
import java.util.List;

/**
 * A federation peer as discovery found it.
 *
 * @param url        base URL, {@code <protocol>://<target>:<port>} from DNS, or as the hub holds it
 * @param ttlSeconds how long this answer may be reused: the smallest TTL of the records used
 * @param trail      the steps that led here, for diagnostics
 */
public record Peer(String domain, URI url, String publicKeyPem, PublicKey publicKey, Source source,
                   long ttlSeconds, List<Attempt> trail) {

    public enum Source { DNS, HUB }

    public Peer {
        trail = List.copyOf(trail);
    }
}
