package dev.fedchat.protocol.hub;

/**
 * A peer as the hub knows it (federation-protocol.md §5): the base URL it registered (its
 * {@code Site_Url}, so it may carry a path) and its public key text as registered, usually
 * single-line PEM. The key is not parsed here; the caller reads it with {@code Pem.readPublic}.
 */
public record HubPeer(String url, String publicKeyPem) {}
