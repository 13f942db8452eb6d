package dev.fedchat.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fedchat.protocol.Vectors;
import dev.fedchat.protocol.json.NodeBuffer;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** What node-rsa (Rocket.Chat) produced, we open; what we produce from the same input, node-rsa's bytes. */
class InteropVectorsTest {
    private static final PublicKey SENDER_PUBLIC = Pem.readPublic(Vectors.text("senderKeys", "publicPem"));
    private static final PrivateKey SENDER_PRIVATE = Pem.readPrivate(Vectors.text("senderKeys", "privatePem"));
    private static final PublicKey RECEIVER_PUBLIC = Pem.readPublic(Vectors.text("receiverKeys", "publicPem"));
    private static final PrivateKey RECEIVER_PRIVATE = Pem.readPrivate(Vectors.text("receiverKeys", "privatePem"));
    private final PayloadCipher cipher = new PayloadCipher(CryptoProvider.jdk());

    @Test
    void theWireBodyOfNodeRsa_opensToTheDispatchBody() throws Exception {
        byte[] wire = NodeBuffer.fromJson(new ObjectMapper().readTree(Vectors.text("wireBodyAsSentOnHttp")));
        assertThat(wire).isEqualTo(Base64.getDecoder().decode(Vectors.text("wireBodyBase64")));

        byte[] plain = cipher.open(wire, SENDER_PUBLIC, RECEIVER_PRIVATE);

        assertThat(new String(plain, StandardCharsets.UTF_8)).isEqualTo(Vectors.text("dispatchBodyPlainJson"));
    }

    @Test
    void theSignatureLayer_isByteForByteNodeRsas() throws Exception {
        // OAEP (step 1) is randomised, PKCS#1 type 1 (step 2) is not: from node-rsa's step-1 bytes
        // our step 2 must give exactly the bytes node-rsa sent
        byte[] step1 = Base64.getDecoder().decode(Vectors.text("step1Base64"));
        assertThat(step1).hasSize(Vectors.get("step1Length").asInt());
        byte[] wire = cipher.sign(step1, SENDER_PRIVATE);
        assertThat(Base64.getEncoder().encodeToString(wire)).isEqualTo(Vectors.text("wireBodyBase64"));
        assertThat(wire).hasSize(Vectors.get("step2Length").asInt());
    }

    @Test
    void whatWeSeal_hasNodeRsasSizes_andOpensAgain() {
        byte[] plain = Vectors.text("dispatchBodyPlainJson").getBytes(StandardCharsets.UTF_8);
        byte[] wire = cipher.seal(plain, RECEIVER_PUBLIC, SENDER_PRIVATE);
        assertThat(wire).hasSize(Vectors.get("step2Length").asInt());
        assertThat(cipher.open(wire, SENDER_PUBLIC, RECEIVER_PRIVATE)).isEqualTo(plain);
    }

    @Test
    void theHttpBodyForm_isNodesBufferJson() throws Exception {
        byte[] wire = Base64.getDecoder().decode(Vectors.text("wireBodyBase64"));
        assertThat(new ObjectMapper().readTree(NodeBuffer.toJson(wire)))
                .isEqualTo(new ObjectMapper().readTree(Vectors.text("wireBodyAsSentOnHttp")));
    }
}
