package dev.fedchat.hub;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Development mail: each mail is written to the log (recipient, subject, text) instead of being
 * sent, and handed to the listeners, so an in-process caller (the demo) can follow its own links.
 * Chosen only explicitly ({@code --mail=log}): a hub whose mails go nowhere confirms nobody.
 *
 * <p>Thread-safe. Listeners run on the sending (request) thread, in the order they were added;
 * one that throws fails that send, as an SMTP failure would.
 */
public final class LogMailer implements Mailer {
    private static final Logger log = LoggerFactory.getLogger(LogMailer.class);

    private final List<Consumer<Mail>> listeners = new CopyOnWriteArrayList<>();

    /** Adds a listener that sees every mail sent from now on. */
    public void addListener(Consumer<Mail> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<Mail> listener) {
        listeners.remove(listener);
    }

    @Override
    public void send(Mail mail) {
        log.info("Mail to {} (not sent, --mail=log): {}\n{}", mail.to(), mail.subject(), mail.text());
        for (Consumer<Mail> listener : listeners) {
            listener.accept(mail);
        }
    }

    @Override
    public String describe() {
        return "the log (--mail=log: mails are not sent, for development only)";
    }
}
