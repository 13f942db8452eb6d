package dev.fedchat.hub;

import static dev.fedchat.hub.HtmlPage.escape;

import dev.fedchat.hub.Directory.RegistrationRow;
import java.time.Instant;

/** The pages of the confirmation flow; every value from a registration is escaped. */
final class ConfirmationPage {
    private ConfirmationPage() {}

    /** The data a link would confirm, what it replaces, and the Confirm button (a form POST to {@code action}). */
    static String form(Registrations.Preview preview, String action) {
        RegistrationRow r = preview.registration();
        String replaces = preview.current()
                .map(c -> "<p><strong>This replaces the current entry:</strong> URL <code>" + escape(c.url())
                        + "</code>, key <code>" + escape(c.fingerprint()) + "</code>. If you did not change your server's"
                        + " URL or key, do not confirm.</p>")
                .orElse("");
        String body = "<p>A server asked to be listed in this federation hub. Check that this is your server's data:</p>"
                + "<dl><dt>Domain</dt><dd>" + escape(r.domain()) + "</dd>"
                + "<dt>URL</dt><dd>" + escape(r.url()) + "</dd>"
                + "<dt>Public key fingerprint</dt><dd>" + escape(r.fingerprint()) + "</dd></dl>"
                + replaces
                + "<form method=\"post\" action=\"" + escape(action) + "\"><button type=\"submit\">Confirm</button></form>"
                + "<p class=\"note\">Registered on " + Instant.ofEpochMilli(r.createdAt()) + "; this link works until "
                + Instant.ofEpochMilli(r.expiresAt()) + ". If this is not your server, close this page: nothing changes.</p>";
        return HtmlPage.page("Confirm " + r.domain(), body);
    }

    static String done(RegistrationRow r) {
        String body = "<p>" + escape(r.domain()) + " is now listed: other servers that ask this hub for it reach <code>"
                + escape(r.url()) + "</code> with key <code>" + escape(r.fingerprint()) + "</code>.</p>";
        return HtmlPage.page("Confirmed", body);
    }

    static String problem(LinkException e) {
        return HtmlPage.page(e.problem().title, "<p>" + escape(e.getMessage()) + "</p>");
    }
}
