package dev.fedchat.hub;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.net.URI;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of the hub (ARCHITECTURE.md §1): the directory database, the mailer, the
 * registration rules and the HTTP routes, built by constructor in that order, and closed in
 * reverse (HTTP first, so no request writes to a closed pool).
 *
 * <p>{@link #start(HubConfig)} is what {@code fedchat hub} runs; {@link #start(HubConfig, Mailer, Clock)}
 * lets a caller in the same process (the demo, tests) choose the mailer, e.g. a {@link LogMailer}
 * whose listener follows the links, and the clock.
 */
public final class HubServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HubServer.class);
    /** A registration is three short strings; nothing the hub takes comes near this. */
    private static final long MAX_REQUEST_BYTES = 64 * 1024;

    private final HubConfig config;
    private final HubDatabase database;
    private final Javalin app;
    /** Set once the port is bound, before the first request can need it. */
    private volatile String publicUrl;

    private HubServer(HubConfig config, Mailer mailer, Clock clock) {
        this.config = config.validate();
        this.database = HubDatabase.open(config.database());
        try {
            ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);
            Registrations registrations = new Registrations(database.jdbi(), new Directory(), mailer,
                    new ConfirmationTokens(new SecureRandom()),
                    new AddressLimiter(clock, config.limits().registrations(), "registrations"),
                    config.limits(), clock, () -> publicUrl);
            PeerRoutes peers = new PeerRoutes(registrations,
                    new AddressLimiter(clock, config.limits().lookups(), "lookups"), json);
            ConfirmationRoutes confirmations = new ConfirmationRoutes(registrations);
            this.app = Javalin.create(c -> {
                c.startup.showJavalinBanner = false;
                c.jsonMapper(new JavalinJackson(json, false));
                c.http.maxRequestSize = MAX_REQUEST_BYTES;
                HubErrors.install(c);
                peers.install(c.routes);
                confirmations.install(c.routes);
                c.routes.get("/", ctx -> HtmlPage.send(ctx, 200, HtmlPage.page("fedchat hub",
                        "<p>A directory of federated chat servers. Servers register with <code>POST /api/v1/peers</code>"
                                + " and are listed once the webmaster of their domain confirms the mailed link.</p>")));
            });
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** Starts the hub with the mailer its configuration names; refuses to start without a way to mail. */
    public static HubServer start(HubConfig config) {
        return start(config, config.mail().mailer(), Clock.systemUTC());
    }

    /**
     * Starts the hub with the given mailer and clock ({@code config.mail()} is not used); the
     * returned hub is listening.
     */
    public static HubServer start(HubConfig config, Mailer mailer, Clock clock) {
        createDataDir(config);
        HubServer hub = new HubServer(config, mailer, clock);
        try {
            hub.app.start(config.host(), config.port());
        } catch (RuntimeException e) {
            hub.close();
            throw e;
        }
        hub.publicUrl = config.publicUrl().map(HubServer::withoutTrailingSlash)
                .orElse("http://localhost:" + hub.port());
        log.info("fedchat hub is listening on {}:{}, data in {}; mail goes to {}", config.host(), hub.port(),
                config.database().describe(), mailer.describe());
        if (config.publicUrl().isEmpty()) {
            log.warn("No --public-url: confirmation links point to {}, which only works on this machine", hub.publicUrl);
        } else {
            log.info("Confirmation links point to {}", hub.publicUrl);
        }
        return hub;
    }

    private static void createDataDir(HubConfig config) {
        if (config.database().isPostgres()) {
            return;
        }
        try {
            Files.createDirectories(config.dataDir());
        } catch (java.io.IOException e) {
            throw new HubConfigException("cannot create the data directory " + config.dataDir() + ": " + e);
        }
    }

    private static String withoutTrailingSlash(URI url) {
        return url.toString().replaceAll("/+$", "");
    }

    public int port() {
        return app.port();
    }

    /** Where a process on this machine reaches the hub: the bound address, loopback for a wildcard bind. */
    public String url() {
        String host = config.host();
        boolean wildcard = host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
        return "http://" + (wildcard ? "127.0.0.1" : host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host)
                + ":" + port();
    }

    /** The base of the confirmation links: {@code --public-url}, or {@code http://localhost:<port>}. */
    public String publicUrl() {
        return publicUrl;
    }

    @Override
    public void close() {
        if (app != null) {
            app.stop();
        }
        database.close();
    }
}
