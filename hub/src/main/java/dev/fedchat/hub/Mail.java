package dev.fedchat.hub;

import java.net.URI;
import java.util.Objects;

/**
 * One plain-text mail the hub sends.
 *
 * @param to     the one recipient, e.g. {@code webmaster@example.org}
 * @param link   the link the reader is asked to follow (also in {@code text}); a program that reads
 *               the hub's mails in-process, such as the demo, takes it from here instead of parsing text
 */
public record Mail(String to, String subject, String text, URI link) {
    public Mail {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(link, "link");
    }
}
