package dev.fedchat.server.fuzz;

import net.jqwik.api.lifecycle.AfterContainer;

/** {@link EdgeFuzz} on embedded H2, every run. */
class EdgeFuzzH2Test extends EdgeFuzz {
    @AfterContainer
    static void stop() {
        stop("h2");
    }

    @Override
    String database() {
        return "h2";
    }
}
