package dev.fedchat.server.api.realtime;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Meteor methods clients call, by name (client-api.md §3.2): one table that DDP frames and the
 * REST wrapping {@code method.call/<name>} both dispatch to, so a method is written once and
 * answers the same over either. Thread-safe: methods keep no state of their own.
 */
public interface MethodTable {
    /**
     * Runs method {@code name} with the frame's {@code params} array and returns its {@code result}
     * (null for none). Throws {@code RcException} (404 for an unknown method) or a login failure,
     * which each wire renders as a Meteor error.
     */
    Object call(MethodCaller caller, String name, JsonNode params);
}
