package dev.fedchat.app;

import dev.fedchat.hub.HubConfig;
import dev.fedchat.hub.HubServer;
import dev.fedchat.hub.LogMailer;
import dev.fedchat.protocol.hub.HubClient;
import dev.fedchat.protocol.hub.HubException;
import dev.fedchat.server.FedchatServer;
import dev.fedchat.server.config.ServerConfig;
import dev.fedchat.server.federation.settings.FederationSettings;
import dev.fedchat.server.message.MessageService;
import dev.fedchat.server.room.Room;
import dev.fedchat.server.user.User;
import dev.fedchat.server.user.UserService;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fedchat demo}: a hub and two federated servers in one process (issue 5 §4). {@code alpha}
 * and {@code beta} register with the hub at start; the hub's confirmation mails go to the log, and
 * {@link DemoConfirmations} confirms them as a webmaster would. Neither server asks DNS: they find
 * each other through the hub alone. Each has an admin and a user in its own #general, and alice on
 * alpha has a direct conversation with bob on beta, so federation is visible at the first login.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start a hub and two federated servers (alpha, beta) with users to log in as.")
final class DemoCommand implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(DemoCommand.class);
    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD = "demo-admin";
    static final String USER = "alice";
    static final String USER_PASSWORD = "demo-alice";
    static final String BETA_USER = "bob";
    static final String BETA_USER_PASSWORD = "demo-bob";
    static final String ALPHA = "alpha.localhost";
    static final String BETA = "beta.localhost";
    private static final Duration LISTING_TIMEOUT = Duration.ofSeconds(60);

    @Option(names = "--port", defaultValue = "3000",
            description = "alpha's HTTP port; beta takes the next one, the hub the one after (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--data-dir", defaultValue = "./data-demo", description = "Demo data (default: ${DEFAULT-VALUE})")
    Path dataDir;

    @Override
    public void run() {
        DemoConfirmations confirmations = new DemoConfirmations();
        LogMailer mailer = new LogMailer();
        mailer.addListener(confirmations::confirmLater);
        int hubPort = port + 2;
        HubServer hub = HubServer.start(HubConfig.embedded(dataDir.resolve("hub"), hubPort)
                .withPublicUrl(URI.create("http://localhost:" + hubPort)), mailer, Clock.systemUTC());
        FedchatServer alpha = FedchatServer.start(serverConfig(ALPHA, port, hub.url(), dataDir.resolve("alpha")));
        FedchatServer beta = FedchatServer.start(serverConfig(BETA, port + 1, hub.url(), dataDir.resolve("beta")));
        User alice = seed(alpha, USER, USER_PASSWORD, "Alice Demo", "Welcome to the fedchat demo, @" + USER
                + "! Any Rocket.Chat client or bot can join in.");
        seed(beta, BETA_USER, BETA_USER_PASSWORD, "Bob Demo", "Welcome to beta, @" + BETA_USER + "!");
        awaitListed(URI.create(hub.url()), List.of(ALPHA, BETA));
        String dm = greetAcrossServers(alpha, alice);
        System.out.printf("""

                fedchat demo is running: a hub and two federated servers, which find each other through the hub.
                  alpha  http://localhost:%d   admin / %s   %s / %s   (domain %s)
                  beta   http://localhost:%d   admin / %s   %s / %s   (domain %s)
                  hub    http://localhost:%d   (its confirmation mails go to the log; the demo confirms them)
                %s on alpha and %s@%s already have a direct conversation (room %s).
                Open:  http://localhost:%d in a browser as %s and http://localhost:%d (another tab) as %s: the web client;
                       search people for %s@%s to start a conversation across the servers.
                Try:   curl -s -H 'Content-Type: application/json' -d '{"user":"%s","password":"%s"}' http://localhost:%d/api/v1/login
                       then, with the X-User-Id and X-Auth-Token it answers, post to that room on alpha
                       (POST /api/v1/chat.postMessage {"roomId":"%s","text":"hi"}) and read it on beta as %s
                       (GET /api/v1/im.history?roomId=%s), or open a DM with any user of the other server
                       (POST /api/v1/im.create {"username":"%s@%s"}).
                       curl -s 'http://localhost:%d/api/v1/peers?search=%s' shows what the hub lists.
                Or point any Rocket.Chat client or bot at either server. Ctrl-C stops it; data stays in %s.

                """, alpha.port(), ADMIN_PASSWORD, USER, USER_PASSWORD, ALPHA,
                beta.port(), ADMIN_PASSWORD, BETA_USER, BETA_USER_PASSWORD, BETA,
                hub.port(), USER, BETA_USER, BETA, dm, alpha.port(), USER, beta.port(), BETA_USER, BETA_USER, BETA,
                USER, USER_PASSWORD, alpha.port(), dm, BETA_USER, dm,
                BETA_USER, BETA, hub.port(), ALPHA, dataDir.toAbsolutePath().normalize());
        RunUntilStopped.await(alpha, beta, hub, confirmations);
    }

    /** A server of the demo: federation on, registered with the hub, no DNS lookups. */
    private static ServerConfig serverConfig(String domain, int port, String hubUrl, Path dir) {
        return ServerConfig.embedded(dir, port)
                .withSiteUrl("http://localhost:" + port)
                .withAdmin(new ServerConfig.AdminBootstrap(ADMIN, ADMIN_PASSWORD, "admin@" + domain))
                .withSettingOverrides(Map.of(FederationSettings.DOMAIN, domain, FederationSettings.ENABLED, "true",
                        FederationSettings.DISCOVERY_METHOD, "hub", FederationSettings.HUB_URL, hubUrl))
                .withoutDnsDiscovery();
    }

    /** The user, and a #general channel with the admin, the user and a first message; made once. */
    private static User seed(FedchatServer server, String username, String password, String name, String welcome) {
        UserService users = server.users();
        return users.byUsername(username).orElseGet(() -> {
            User user = users.create(new UserService.NewUser(username, username + "@demo.localhost", password, name,
                    List.of(), true));
            User admin = users.requireByUsername(ADMIN);
            Room general = server.rooms().create(admin, Room.CHANNEL, "general", List.of(username), false, false);
            server.messages().post(admin, general, MessageService.Draft.text(welcome));
            return user;
        });
    }

    /** Waits until the hub lists every domain (their registrations are confirmed), or says why not. */
    private static void awaitListed(URI hub, List<String> domains) {
        HubClient client = new HubClient();
        Instant deadline = Instant.now().plus(LISTING_TIMEOUT);
        for (String domain : domains) {
            while (true) {
                try {
                    client.lookup(hub, domain);
                    break;
                } catch (HubException e) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException("the demo hub did not list " + domain + " within "
                                + LISTING_TIMEOUT.toSeconds() + " s: " + e.getMessage(), e);
                    }
                    pause();
                }
            }
        }
        log.info("Demo: the hub lists {}", domains);
    }

    /** alice opens a DM with bob on beta (through the hub) and says hello, the first time. */
    private static String greetAcrossServers(FedchatServer alpha, User alice) {
        Room dm = alpha.rooms().openDirect(alice, List.of(BETA_USER + "@" + BETA), false);
        if (dm.lastMessageAt() == null) {
            alpha.messages().post(alice, dm, MessageService.Draft.text("Hello " + BETA_USER + "! This message went from "
                    + ALPHA + " to " + BETA + ", found through the hub."));
        }
        return dm.id();
    }

    /** Between two lookups while the demo's own confirmations land: a person waits, nothing to wake us. */
    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the demo hub", e);
        }
    }
}
