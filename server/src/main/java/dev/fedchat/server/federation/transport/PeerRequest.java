package dev.fedchat.server.federation.transport;

import java.util.Map;

/**
 * A server-to-server request as it arrived, what {@link InboundRequests} judges: the claimed
 * sender ({@code x-federation-domain}), fedchat's proof header if any, the HTTP method, the path,
 * the query (first value of each name) and the exact body bytes (empty for a GET). Either header
 * may be null.
 */
public record PeerRequest(String domainHeader, String proofHeader, String method, String path,
                          Map<String, String> query, byte[] body) {}
