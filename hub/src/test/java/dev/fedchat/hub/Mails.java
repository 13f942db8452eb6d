package dev.fedchat.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/** Reading the mails GreenMail received, as a webmaster would: the text, and the link in it. */
final class Mails {
    private static final Pattern LINK = Pattern.compile("https?://\\S+/confirm/\\S+");

    private Mails() {}

    /** Waits until GreenMail holds {@code count} mails and returns the last. */
    static MimeMessage awaitMail(GreenMailExtension greenMail, int count) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> greenMail.getReceivedMessages().length >= count);
        MimeMessage[] all = greenMail.getReceivedMessages();
        assertThat(all).hasSize(count);
        return all[count - 1];
    }

    static String text(MimeMessage mail) {
        try {
            return mail.getContent().toString();
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String to(MimeMessage mail) {
        try {
            return mail.getAllRecipients()[0].toString();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The confirmation link in the mail's text. */
    static URI link(MimeMessage mail) {
        Matcher m = LINK.matcher(text(mail));
        assertThat(m.find()).as("a confirmation link in: %s", text(mail)).isTrue();
        return URI.create(m.group());
    }
}
