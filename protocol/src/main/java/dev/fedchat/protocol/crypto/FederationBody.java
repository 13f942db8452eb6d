package dev.fedchat.protocol.crypto;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fedchat.protocol.json.NodeBuffer;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;

/**
 * A federation POST body end to end: JSON text → double encryption → the HTTP body Rocket.Chat
 * sends ({@code {"type":"Buffer","data":[…]}}), and back. Thread-safe.
 */
public final class FederationBody {
    private final PayloadCipher cipher;
    private final ObjectMapper json;

    public FederationBody(PayloadCipher cipher, ObjectMapper json) {
        this.cipher = cipher;
        this.json = json;
    }

    /** The HTTP body carrying {@code jsonText} for {@code receiver}, signed by {@code sender}. */
    public String seal(String jsonText, PublicKey receiver, PrivateKey sender) {
        return NodeBuffer.toJson(cipher.seal(jsonText.getBytes(StandardCharsets.UTF_8), receiver, sender));
    }

    /**
     * The JSON object inside an HTTP body.
     *
     * @throws PayloadException not a Buffer, not from {@code sender}, not for {@code receiver}, or not JSON inside
     */
    public JsonNode open(String httpBody, PublicKey sender, PrivateKey receiver) {
        JsonNode buffer;
        try {
            buffer = json.readTree(httpBody);
        } catch (JsonProcessingException e) {
            throw new PayloadException(PayloadException.Reason.NOT_A_BUFFER, "the body is not JSON", e);
        }
        byte[] plain = cipher.open(NodeBuffer.fromJson(buffer), sender, receiver);
        try {
            JsonNode content = json.readTree(new String(plain, StandardCharsets.UTF_8));
            if (content == null || !content.isObject()) {
                throw new PayloadException(PayloadException.Reason.NOT_JSON, "the decrypted payload is not a JSON object");
            }
            return content;
        } catch (JsonProcessingException e) {
            throw new PayloadException(PayloadException.Reason.NOT_JSON, "the decrypted payload is not JSON", e);
        }
    }
}
