package dev.fedchat.hub;

import java.util.Optional;

/**
 * How the hub sends mail: through an SMTP server, or to the log when that is chosen explicitly.
 *
 * @param transport {@link Transport#SMTP} unless {@code --mail=log}
 * @param smtpHost  the SMTP server; required for SMTP, there is no default
 * @param smtpPort  25, 587 (submission, usually with STARTTLS) or what the provider says
 * @param user      SMTP login, absent for a relay that needs none
 * @param password  SMTP password, with {@code user}
 * @param startTls  require STARTTLS: the mail is not sent when the server does not offer it
 * @param from      the sender address of the confirmation mails
 */
public record MailConfig(Transport transport, Optional<String> smtpHost, int smtpPort, Optional<String> user,
        Optional<String> password, boolean startTls, String from) {

    public enum Transport { SMTP, LOG }

    public static final int DEFAULT_SMTP_PORT = 25;

    /** Mail written to the log, with a sender address that names the hub. */
    public static MailConfig log(String from) {
        return new MailConfig(Transport.LOG, Optional.empty(), DEFAULT_SMTP_PORT, Optional.empty(), Optional.empty(), false, from);
    }

    /** Plain SMTP without login, as a local relay or a test server takes it. */
    public static MailConfig smtp(String host, int port, String from) {
        return new MailConfig(Transport.SMTP, Optional.of(host), port, Optional.empty(), Optional.empty(), false, from);
    }

    /** The mailer this configuration describes; refuses an SMTP configuration without a host. */
    Mailer mailer() {
        validate();
        return transport == Transport.LOG ? new LogMailer() : new SmtpMailer(this);
    }

    void validate() {
        if (transport == Transport.SMTP && smtpHost.filter(h -> !h.isBlank()).isEmpty()) {
            throw new HubConfigException("no SMTP server is configured, and the hub cannot confirm a registration without"
                    + " mailing webmaster@<domain>: give --smtp-host (with --smtp-port, --smtp-user, --smtp-password,"
                    + " --smtp-starttls as your provider needs), or --mail=log to only write the mails to the log (development)");
        }
        if (smtpPort < 1 || smtpPort > 65535) {
            throw new HubConfigException("--smtp-port must be between 1 and 65535, got " + smtpPort);
        }
        if (user.isPresent() != password.isPresent()) {
            throw new HubConfigException("--smtp-user and --smtp-password go together; only "
                    + (user.isPresent() ? "--smtp-user" : "--smtp-password") + " was given");
        }
        if (from == null || !from.matches("[^@\\s]+@[^@\\s]+")) {
            throw new HubConfigException("--mail-from must be a mail address such as hub@example.org, got '" + from + "'");
        }
    }
}
