package dev.fedchat.server.federation.status;

import java.time.Instant;

/**
 * One step of the federation status machine.
 *
 * @param reason why {@code to} is a failure, in words the admin can act on; empty otherwise
 * @param at     when the step was taken, by the server's clock
 */
public record StatusTransition(FederationStatus from, FederationStatus to, String reason, Instant at) {}
