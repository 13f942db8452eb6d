package dev.fedchat.protocol.discovery;

/** One SRV record, its target without the trailing dot. */
public record SrvRecord(int priority, int weight, int port, String target, long ttlSeconds) {

    @Override
    public String toString() {
        return priority + " " + weight + " " + port + " " + target;
    }
}
