package dev.fedchat.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fedchat.protocol.Vectors;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import org.junit.jupiter.api.Test;

/** Keys as Rocket.Chat publishes them, and as admins paste them: spaces, line breaks, split TXT strings. */
class PemTest {
    private static final String SINGLE_LINE = Vectors.text("senderKeys", "publicPem");

    @Test
    void singleLinePem_isA2048BitKeyWithTheUsualExponent() {
        RSAPublicKey key = (RSAPublicKey) Pem.readPublic(SINGLE_LINE);
        assertThat(key.getModulus().bitLength()).isEqualTo(2048);
        assertThat(key.getPublicExponent().intValue()).isEqualTo(65537);
    }

    @Test
    void writing_givesTheSingleLineFormBack() {
        assertThat(Pem.writePublic(Pem.readPublic(SINGLE_LINE))).isEqualTo(SINGLE_LINE);
        String privatePem = Vectors.text("senderKeys", "privatePem");
        assertThat(Pem.writePrivate(Pem.readPrivate(privatePem))).isEqualTo(privatePem);
    }

    @Test
    void spacesLineBreaksAndSplitStrings_areTolerated() {
        PublicKey expected = Pem.readPublic(SINGLE_LINE);
        String body = SINGLE_LINE.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "");
        String wrapped = "-----BEGIN PUBLIC KEY-----\n" + body.replaceAll("(.{64})", "$1\n") + "\n-----END PUBLIC KEY-----\n";
        String spaced = " " + SINGLE_LINE.replace("MIIB", "MII B") + " ";
        String txtStrings = "\"" + SINGLE_LINE.substring(0, 200) + "\" \"" + SINGLE_LINE.substring(200) + "\"";
        for (String variant : new String[] {wrapped, spaced, txtStrings, body}) {
            assertThat(Pem.readPublic(variant)).as(variant).isEqualTo(expected);
        }
    }

    @Test
    void garbage_isAClearError() {
        assertThatThrownBy(() -> Pem.readPublic("")).isInstanceOf(InvalidKeyTextException.class).hasMessageContaining("no key");
        assertThatThrownBy(() -> Pem.readPublic("-----BEGIN PUBLIC KEY-----AAAA-----END PUBLIC KEY-----"))
                .isInstanceOf(InvalidKeyTextException.class).hasMessageContaining("not an RSA public key");
        assertThatThrownBy(() -> Pem.readPublic(Vectors.text("senderKeys", "privatePem")))
                .isInstanceOf(InvalidKeyTextException.class).hasMessageContaining("expected a PEM PUBLIC KEY");
        assertThatThrownBy(() -> Pem.readPublic(SINGLE_LINE.substring(0, 120)))
                .isInstanceOf(InvalidKeyTextException.class);
    }
}
