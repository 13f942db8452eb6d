package dev.fedchat.server.federation.events;

import static dev.fedchat.server.federation.events.Groups.await;
import static dev.fedchat.server.federation.events.Groups.subscribed;

import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.FederatedServers;
import dev.fedchat.server.testing.TestServer;

/**
 * Three federated servers found through real DNS, each with one user: alice on alpha, bob on beta,
 * carol on gamma. For the group tests that need a room across all three.
 */
final class Trio implements AutoCloseable {
    final FederatedServers servers;
    final TestServer alpha;
    final TestServer beta;
    final TestServer gamma;
    final ApiClient alice;
    final ApiClient bob;
    final ApiClient carol;

    private Trio(FederatedServers servers) {
        this.servers = servers;
        this.alpha = servers.server("alpha.test");
        this.beta = servers.server("beta.test");
        this.gamma = servers.server("gamma.test");
        this.alice = alpha.newUser("alice");
        this.bob = beta.newUser("bob");
        this.carol = gamma.newUser("carol");
    }

    static Trio start() {
        FederatedServers servers = FederatedServers.start("alpha.test", "beta.test", "gamma.test");
        try {
            return new Trio(servers);
        } catch (RuntimeException e) {
            servers.close();
            throw e;
        }
    }

    /** A group alice makes with bob and carol, once both their servers hold it. */
    String group(String name) {
        String roomId = Groups.create(alice, name, "bob@beta.test", "carol@gamma.test");
        await("bob and carol subscribed", () -> subscribed(bob, roomId) && subscribed(carol, roomId));
        return roomId;
    }

    @Override
    public void close() {
        servers.close();
    }
}
