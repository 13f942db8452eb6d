package dev.fedchat.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fedchat.protocol.Vectors;
import dev.fedchat.protocol.json.NodeBuffer;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import org.junit.jupiter.api.Test;

/** The HTTP body a Rocket.Chat peer sends, opened to its JSON; bad bodies fail with their reason. */
class FederationBodyTest {
    private static final PublicKey SENDER_PUBLIC = Pem.readPublic(Vectors.text("senderKeys", "publicPem"));
    private static final PrivateKey SENDER_PRIVATE = Pem.readPrivate(Vectors.text("senderKeys", "privatePem"));
    private static final PublicKey RECEIVER_PUBLIC = Pem.readPublic(Vectors.text("receiverKeys", "publicPem"));
    private static final PrivateKey RECEIVER_PRIVATE = Pem.readPrivate(Vectors.text("receiverKeys", "privatePem"));
    private final PayloadCipher cipher = new PayloadCipher(CryptoProvider.jdk());
    private final FederationBody body = new FederationBody(cipher, new ObjectMapper());

    @Test
    void theLiteralHttpBodyOfTheVector_opensToItsEvents() throws Exception {
        var events = body.open(Vectors.text("wireBodyAsSentOnHttp"), SENDER_PUBLIC, RECEIVER_PRIVATE);
        assertThat(events).isEqualTo(new ObjectMapper().readTree(Vectors.text("dispatchBodyPlainJson")));
        assertThat(events.path("events").path(0).path("type").asText()).isEqualTo("room_message");
    }

    @Test
    void sealedJson_opensToTheSameJson() {
        String json = "{\"events\":[],\"note\":\"héllo ✓\"}";
        String http = body.seal(json, RECEIVER_PUBLIC, SENDER_PRIVATE);
        assertThat(http).startsWith("{\"type\":\"Buffer\",\"data\":[");
        assertThat(body.open(http, SENDER_PUBLIC, RECEIVER_PRIVATE).path("note").asText()).isEqualTo("héllo ✓");
    }

    @Test
    void badBodies_failWithTheirReason() {
        expect("not json at all", PayloadException.Reason.NOT_A_BUFFER);
        expect("{\"events\":[]}", PayloadException.Reason.NOT_A_BUFFER);
        expect("{\"type\":\"Buffer\",\"data\":[1,2,300]}", PayloadException.Reason.NOT_A_BUFFER);
        expect("{\"type\":\"Buffer\",\"data\":[1,2,3]}", PayloadException.Reason.TRUNCATED);
        String plainText = NodeBuffer.toJson(cipher.seal("not json".getBytes(StandardCharsets.UTF_8), RECEIVER_PUBLIC, SENDER_PRIVATE));
        expect(plainText, PayloadException.Reason.NOT_JSON);
        String array = NodeBuffer.toJson(cipher.seal("[1]".getBytes(StandardCharsets.UTF_8), RECEIVER_PUBLIC, SENDER_PRIVATE));
        expect(array, PayloadException.Reason.NOT_JSON);
    }

    private void expect(String http, PayloadException.Reason reason) {
        assertThatThrownBy(() -> body.open(http, SENDER_PUBLIC, RECEIVER_PRIVATE))
                .as(http.length() > 60 ? http.substring(0, 60) : http)
                .isInstanceOfSatisfying(PayloadException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
