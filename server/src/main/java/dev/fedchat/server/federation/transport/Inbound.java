package dev.fedchat.server.federation.transport;

import com.fasterxml.jackson.databind.JsonNode;

/** A server-to-server request whose sender is proven: {@code domain}'s key opened {@code body}. */
public record Inbound(String domain, JsonNode body) {}
