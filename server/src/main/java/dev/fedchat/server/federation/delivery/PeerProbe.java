package dev.fedchat.server.federation.delivery;

/**
 * Asks whether a peer's server answers at all, cheaply: no crypto, no authentication, nothing
 * stored on either side ({@link HttpPeerProbe}: {@code GET <peer>/api/info}, which Rocket.Chat
 * answers too). A failing queue asks it on a short timer to learn that its peer is back; an answer
 * is a hint to try a real delivery now, never proof that one would succeed.
 *
 * <p>Implementations are thread-safe, block at most their own short timeout and never throw.
 */
public interface PeerProbe {
    /** Never answers: for set-ups that do not probe. */
    PeerProbe NONE = domain -> false;

    /** True when {@code domain}'s server answered; false on any failure (not found, refused, timeout, an error status). */
    boolean answers(String domain);
}
