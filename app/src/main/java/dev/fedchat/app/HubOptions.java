package dev.fedchat.app;

import dev.fedchat.hub.HubConfig;
import dev.fedchat.hub.HubConfigException;
import dev.fedchat.hub.HubLimits;
import dev.fedchat.hub.MailConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of {@code fedchat hub}. The port, the public URL and the mail options each have a
 * {@code FEDCHAT_*} variable as fallback (the SMTP password belongs in the environment rather than
 * the process list); the interface and the limits are options only, with defaults. The
 * environment is read here, once; the result is an immutable {@link HubConfig}.
 */
final class HubOptions {
    static final String PORT_ENV = "FEDCHAT_HUB_PORT";
    static final String PUBLIC_URL_ENV = "FEDCHAT_HUB_PUBLIC_URL";
    static final String MAIL_ENV = "FEDCHAT_MAIL";
    static final String SMTP_HOST_ENV = "FEDCHAT_SMTP_HOST";
    static final String SMTP_PORT_ENV = "FEDCHAT_SMTP_PORT";
    static final String SMTP_USER_ENV = "FEDCHAT_SMTP_USER";
    static final String SMTP_PASSWORD_ENV = "FEDCHAT_SMTP_PASSWORD";
    static final String SMTP_STARTTLS_ENV = "FEDCHAT_SMTP_STARTTLS";
    static final String MAIL_FROM_ENV = "FEDCHAT_MAIL_FROM";

    @Mixin
    HubDatabaseOptions database = new HubDatabaseOptions();

    @Option(names = "--host", defaultValue = "0.0.0.0", description = "Interface to bind (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--port", description = "HTTP port (default: $" + PORT_ENV + " or " + HubConfig.DEFAULT_PORT + ")")
    Integer port;

    @Option(names = "--public-url", paramLabel = "URL",
            description = "The hub's URL as people reach it, the base of the links in mails (default: $" + PUBLIC_URL_ENV
                    + ", else http://localhost:<port>, which only works on this machine)")
    String publicUrl;

    @Option(names = "--mail", paramLabel = "smtp|log",
            description = "How mails are sent: smtp (default; needs --smtp-host) or log (written to the log, not sent:"
                    + " development only). Default: $" + MAIL_ENV + " or smtp")
    String mail;

    @Option(names = "--smtp-host", description = "SMTP server for the confirmation mails (default: $" + SMTP_HOST_ENV + ")")
    String smtpHost;

    @Option(names = "--smtp-port", description = "SMTP port (default: $" + SMTP_PORT_ENV + " or 25; 587 for submission)")
    Integer smtpPort;

    @Option(names = "--smtp-user", description = "SMTP login (default: $" + SMTP_USER_ENV + "; none)")
    String smtpUser;

    @Option(names = "--smtp-password", description = "SMTP password (default: $" + SMTP_PASSWORD_ENV
            + "; prefer the variable, options show in the process list)")
    String smtpPassword;

    @Option(names = "--smtp-starttls", description = "Require STARTTLS: no mail goes over a connection that stayed plain"
            + " (default: $" + SMTP_STARTTLS_ENV + " or false)")
    Boolean smtpStartTls;

    @Option(names = "--mail-from", paramLabel = "ADDRESS",
            description = "Sender of the confirmation mails (default: $" + MAIL_FROM_ENV + ", else hub@<host of --public-url>)")
    String mailFrom;

    @Option(names = "--mail-interval", paramLabel = "MINUTES", defaultValue = "" + HubLimits.DEFAULT_MAIL_INTERVAL_MINUTES,
            description = "At most one confirmation mail per domain in this many minutes (default: ${DEFAULT-VALUE})")
    int mailIntervalMinutes;

    @Option(names = "--registrations-per-hour", paramLabel = "N", defaultValue = "" + HubLimits.DEFAULT_REGISTRATIONS_PER_HOUR,
            description = "Registration requests one client address may make in an hour, malformed ones included"
                    + " (default: ${DEFAULT-VALUE})")
    int registrationsPerHour;

    @Option(names = "--lookups-per-minute", paramLabel = "N", defaultValue = "" + HubLimits.DEFAULT_LOOKUPS_PER_MINUTE,
            description = "Lookups one client address may make in a minute (default: ${DEFAULT-VALUE})")
    int lookupsPerMinute;

    HubConfig toConfig(Map<String, String> env) {
        Optional<URI> url = optional(publicUrl, env.get(PUBLIC_URL_ENV)).map(HubOptions::uri);
        int effectivePort = port != null ? port : ServerOptions.parseCount("--port/" + PORT_ENV, env.get(PORT_ENV), HubConfig.DEFAULT_PORT);
        return new HubConfig(host, effectivePort, database.dataDir, database.toConfig(), url, mail(env, url), limits());
    }

    /** The link lifetime stays the default: it is a security choice (docs/hub.md), not a load setting. */
    private HubLimits limits() {
        return new HubLimits(HubLimits.DEFAULTS.linkLifetime(),
                Duration.ofMinutes(atLeastOne("--mail-interval", mailIntervalMinutes)),
                HubLimits.PerAddress.perHour(atLeastOne("--registrations-per-hour", registrationsPerHour)),
                HubLimits.PerAddress.perMinute(atLeastOne("--lookups-per-minute", lookupsPerMinute)));
    }

    private static int atLeastOne(String option, int value) {
        if (value < 1) {
            throw new HubConfigException(option + " must be at least 1, got " + value);
        }
        return value;
    }

    private MailConfig mail(Map<String, String> env, Optional<URI> url) {
        String transport = optional(mail, env.get(MAIL_ENV)).orElse("smtp").trim().toLowerCase(Locale.ROOT);
        String from = optional(mailFrom, env.get(MAIL_FROM_ENV))
                .orElse("hub@" + url.map(URI::getHost).orElse("localhost"));
        switch (transport) {
            case "log" -> {
                return MailConfig.log(from);
            }
            case "smtp" -> {
                int p = smtpPort != null ? smtpPort
                        : ServerOptions.parseCount("--smtp-port/" + SMTP_PORT_ENV, env.get(SMTP_PORT_ENV), MailConfig.DEFAULT_SMTP_PORT);
                boolean tls = smtpStartTls != null ? smtpStartTls : Boolean.parseBoolean(env.getOrDefault(SMTP_STARTTLS_ENV, "false").trim());
                return new MailConfig(MailConfig.Transport.SMTP, optional(smtpHost, env.get(SMTP_HOST_ENV)), p,
                        optional(smtpUser, env.get(SMTP_USER_ENV)), optional(smtpPassword, env.get(SMTP_PASSWORD_ENV)), tls, from);
            }
            default -> throw new HubConfigException("--mail must be smtp or log, got '" + transport + "'");
        }
    }

    private static Optional<String> optional(String option, String environment) {
        if (option != null && !option.isBlank()) {
            return Optional.of(option);
        }
        return environment == null || environment.isBlank() ? Optional.empty() : Optional.of(environment);
    }

    private static URI uri(String text) {
        try {
            return new URI(text.trim());
        } catch (java.net.URISyntaxException e) {
            throw new HubConfigException("--public-url '" + text + "' is not a URL: " + e.getMessage());
        }
    }
}
