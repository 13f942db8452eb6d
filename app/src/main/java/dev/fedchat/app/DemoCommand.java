package dev.fedchat.app;

import dev.fedchat.server.FedchatServer;
import dev.fedchat.server.config.ServerConfig;
import dev.fedchat.server.message.MessageService;
import dev.fedchat.server.room.Room;
import dev.fedchat.server.user.User;
import dev.fedchat.server.user.UserService;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fedchat demo}: one server with a demo admin, a demo user and a #general channel, ready to try with any
 * Rocket.Chat client. Becomes a hub plus two federated servers with the federation issues.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Start a demo server with users to log in as.")
final class DemoCommand implements Runnable {
    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD = "demo-admin";
    static final String USER = "alice";
    static final String USER_PASSWORD = "demo-alice";

    @Option(names = "--port", defaultValue = "3000", description = "HTTP port (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--data-dir", defaultValue = "./data-demo", description = "Demo data (default: ${DEFAULT-VALUE})")
    Path dataDir;

    /** A demo user and a #general channel with a first message, created once. */
    private static void seed(FedchatServer server) {
        UserService users = server.users();
        if (users.byUsername(USER).isPresent()) {
            return;
        }
        users.create(new UserService.NewUser(USER, "alice@demo.localhost", USER_PASSWORD, "Alice Demo", List.of(), true));
        User admin = users.requireByUsername(ADMIN);
        Room general = server.rooms().create(admin, Room.CHANNEL, "general", List.of(USER), false, false);
        server.messages().post(admin, general, MessageService.Draft.text(
                "Welcome to the fedchat demo, @" + USER + "! Any Rocket.Chat client or bot can join in."));
    }

    @Override
    public void run() {
        ServerConfig config = ServerConfig.embedded(dataDir, port)
                .withSiteUrl("http://localhost:" + port)
                .withAdmin(new ServerConfig.AdminBootstrap(ADMIN, ADMIN_PASSWORD, "admin@demo.localhost"));
        FedchatServer server = FedchatServer.start(config);
        seed(server);
        System.out.printf("""

                fedchat demo is running at http://localhost:%d
                  admin:  %s / %s
                  user:   %s / %s   (both are in #general)
                Try:   curl -s http://localhost:%d/api/info
                       curl -s -H 'Content-Type: application/json' -d '{"user":"%s","password":"%s"}' http://localhost:%d/api/v1/login
                Or point any Rocket.Chat client or bot at http://localhost:%d. Ctrl-C stops it; data stays in %s.

                """, server.port(), ADMIN, ADMIN_PASSWORD, USER, USER_PASSWORD, server.port(), USER, USER_PASSWORD,
                server.port(), server.port(), dataDir.toAbsolutePath().normalize());
        RunUntilStopped.await(server);
    }
}
