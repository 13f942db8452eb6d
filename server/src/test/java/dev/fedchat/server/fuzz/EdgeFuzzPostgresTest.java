package dev.fedchat.server.fuzz;

import dev.fedchat.server.testing.Databases;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * {@link EdgeFuzz} on PostgreSQL, when the run has one ({@code -Dfedchat.pg.url}): where a NUL
 * answered 500 while H2 stored it.
 */
@AddLifecycleHook(EdgeFuzzPostgresTest.NeedsPostgres.class)
class EdgeFuzzPostgresTest extends EdgeFuzz {
    @AfterContainer
    static void stop() {
        stop("postgresql");
    }

    @Override
    String database() {
        return "postgresql";
    }

    /** Skips the container when no PostgreSQL was given. */
    static final class NeedsPostgres implements SkipExecutionHook {
        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            return Databases.names().contains("postgresql") ? SkipResult.doNotSkip()
                    : SkipResult.skip("no PostgreSQL: run with -Dfedchat.pg.url to fuzz it too");
        }
    }
}
