package dev.fedchat.hub;

import dev.fedchat.hub.Directory.DomainRow;
import java.net.URI;
import java.time.Instant;

/**
 * The mail to {@code webmaster@<domain>}: what was registered, the link, and what happens if the
 * reader does nothing (nothing). When the domain is confirmed already it says what stays listed,
 * so a webmaster who sees a stranger's key knows not to confirm.
 */
final class ConfirmationMail {
    private ConfirmationMail() {}

    static Mail of(PeerData data, DomainRow domain, URI link, Instant expires) {
        String current = domain.confirmed()
                ? "\n" + data.domain() + " is listed today with URL " + domain.url() + " and key " + domain.fingerprint()
                        + ".\nThat entry stays as it is unless you confirm the new data.\n"
                : "";
        String text = """
                Someone asked the federation hub to list a server for %s:

                  Domain:  %s
                  URL:     %s
                  Key:     %s

                If this is your server, open the link below, check the data and press Confirm.
                Other servers will then find %s through the hub. The link works once, until %s.

                %s
                %s
                If you did not ask for this, ignore this mail: nothing changes without a confirmation.
                """.formatted(data.domain(), data.domain(), data.url(), data.fingerprint(), data.domain(), expires, link,
                current);
        return new Mail("webmaster@" + data.domain(), "Confirm the federation hub entry of " + data.domain(), text, link);
    }
}
