package dev.fedchat.hub;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.Properties;

/**
 * Mail over SMTP with Jakarta Mail (Angus): one connection per mail, which is plenty for a
 * directory that mails at most once per domain every few minutes. Thread-safe: the session is
 * immutable and each send opens its own transport.
 *
 * <p>With STARTTLS the upgrade is required, not merely tried: a password must not go over a
 * connection that silently stayed plain.
 */
final class SmtpMailer implements Mailer {
    /** Connect, read and write timeouts: a registration waits for the mail, so a dead SMTP server must fail fast. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final MailConfig config;
    private final Session session;
    private final InternetAddress from;

    SmtpMailer(MailConfig config) {
        this.config = config;
        Properties p = new Properties();
        p.put("mail.transport.protocol", "smtp");
        p.put("mail.smtp.host", config.smtpHost().orElseThrow());
        p.put("mail.smtp.port", String.valueOf(config.smtpPort()));
        p.put("mail.smtp.auth", String.valueOf(config.user().isPresent()));
        p.put("mail.smtp.starttls.enable", String.valueOf(config.startTls()));
        p.put("mail.smtp.starttls.required", String.valueOf(config.startTls()));
        String millis = String.valueOf(TIMEOUT.toMillis());
        p.put("mail.smtp.connectiontimeout", millis);
        p.put("mail.smtp.timeout", millis);
        p.put("mail.smtp.writetimeout", millis);
        this.session = Session.getInstance(p);
        try {
            this.from = new InternetAddress(config.from(), true);
        } catch (MessagingException e) {
            throw new HubConfigException("--mail-from '" + config.from() + "' is not a mail address: " + e.getMessage());
        }
    }

    @Override
    public void send(Mail mail) {
        try {
            MimeMessage message = new MimeMessage(session);
            message.setFrom(from);
            message.setRecipient(Message.RecipientType.TO, new InternetAddress(mail.to(), true));
            message.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
            message.setText(mail.text(), StandardCharsets.UTF_8.name());
            message.setSentDate(new Date());
            if (config.user().isPresent()) {
                Transport.send(message, config.user().get(), config.password().orElse(""));
            } else {
                Transport.send(message);
            }
        } catch (MessagingException e) {
            throw new MailException(mail.to(), "the SMTP server " + where() + " did not take the mail to " + mail.to() + ": "
                    + deepest(e), e);
        }
    }

    @Override
    public String describe() {
        return "SMTP " + where() + (config.startTls() ? " (STARTTLS required)" : " (no TLS)")
                + config.user().map(u -> " as " + u).orElse("") + ", from " + config.from();
    }

    private String where() {
        return config.smtpHost().orElseThrow() + ":" + config.smtpPort();
    }

    /** Jakarta Mail nests the socket's words ("Connection refused") under its own. */
    private static String deepest(Throwable e) {
        String words = e.getMessage();
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                words = words + " (" + t.getMessage() + ")";
            }
        }
        return words == null ? e.getClass().getSimpleName() : words.replaceAll("\\s+", " ").trim();
    }
}
