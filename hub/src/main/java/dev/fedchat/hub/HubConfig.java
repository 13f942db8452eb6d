package dev.fedchat.hub;

import dev.fedchat.protocol.discovery.HttpUrls;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Everything a hub needs to start; read-only once built, and nothing reads the environment after it.
 *
 * @param host      interface to bind
 * @param port      HTTP port; 0 picks a free one (tests, the demo)
 * @param dataDir   holds the embedded database unless {@code database} points elsewhere
 * @param database  where the directory lives
 * @param publicUrl the hub's URL as mail readers reach it, the base of the confirmation links; when
 *                  absent, {@code http://localhost:<port>}, which only works on this machine
 * @param mail      how confirmation mails are sent
 * @param limits    link lifetime, mail throttle and per-address rate limit
 */
public record HubConfig(String host, int port, Path dataDir, HubDatabaseConfig database, Optional<URI> publicUrl,
        MailConfig mail, HubLimits limits) {

    public static final int DEFAULT_PORT = 3030;
    public static final String DEFAULT_MAIL_FROM = "hub@localhost";

    /** A hub on an embedded H2 database in {@code dataDir}, bound to all interfaces, mailing to the log. */
    public static HubConfig embedded(Path dataDir, int port) {
        return new HubConfig("0.0.0.0", port, dataDir, HubDatabaseConfig.embedded(dataDir), Optional.empty(),
                MailConfig.log(DEFAULT_MAIL_FROM), HubLimits.DEFAULTS);
    }

    public HubConfig withHost(String newHost) {
        return new HubConfig(newHost, port, dataDir, database, publicUrl, mail, limits);
    }

    public HubConfig withPort(int newPort) {
        return new HubConfig(host, newPort, dataDir, database, publicUrl, mail, limits);
    }

    public HubConfig withDatabase(HubDatabaseConfig db) {
        return new HubConfig(host, port, dataDir, db, publicUrl, mail, limits);
    }

    public HubConfig withPublicUrl(URI url) {
        return new HubConfig(host, port, dataDir, database, Optional.ofNullable(url), mail, limits);
    }

    public HubConfig withMail(MailConfig newMail) {
        return new HubConfig(host, port, dataDir, database, publicUrl, newMail, limits);
    }

    public HubConfig withLimits(HubLimits newLimits) {
        return new HubConfig(host, port, dataDir, database, publicUrl, mail, newLimits);
    }

    /** Checks what can be checked before anything starts; the mail settings are checked with the mailer. */
    HubConfig validate() {
        if (port < 0 || port > 65535) {
            throw new HubConfigException("--port must be between 0 and 65535, got " + port);
        }
        publicUrl.ifPresent(url -> {
            if (!HttpUrls.isHttp(url)) {
                throw new HubConfigException("--public-url must be an http(s) URL such as https://hub.example.org, got '"
                        + url + "'");
            }
        });
        return this;
    }
}
