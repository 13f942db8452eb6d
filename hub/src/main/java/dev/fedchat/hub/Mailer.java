package dev.fedchat.hub;

/**
 * Sends the hub's mails. {@link SmtpMailer} talks to a real SMTP server; {@link LogMailer} writes
 * each mail to the log, for development. Implementations are thread-safe.
 */
public interface Mailer {
    /**
     * Sends one mail and returns once the transport accepted it.
     *
     * @throws MailException when it could not be handed over; the message says to whom and why
     */
    void send(Mail mail);

    /** What the start-up log says about where mails go, e.g. {@code SMTP mail.example.org:587 (STARTTLS)}. */
    String describe();
}
