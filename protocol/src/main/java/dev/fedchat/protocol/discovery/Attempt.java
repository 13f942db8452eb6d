package dev.fedchat.protocol.discovery;

/** One step of a peer lookup and what came of it, e.g. "SRV _rocketchat._https.d" / "no such name". */
public record Attempt(String step, String outcome) {

    @Override
    public String toString() {
        return step + ": " + outcome;
    }
}
