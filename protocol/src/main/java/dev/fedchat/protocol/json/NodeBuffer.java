package dev.fedchat.protocol.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.protocol.crypto.PayloadException;

/**
 * Bytes as Node serialises a {@code Buffer} to JSON: {@code {"type":"Buffer","data":[b0,b1,…]}},
 * each byte an unsigned number 0–255. This is how Rocket.Chat sends encrypted federation bodies
 * (federation-protocol.md §3.2 step 5).
 */
public final class NodeBuffer {
    private NodeBuffer() {}

    public static String toJson(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length * 4 + 32).append("{\"type\":\"Buffer\",\"data\":[");
        for (int i = 0; i < bytes.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(bytes[i] & 0xff);
        }
        return out.append("]}").toString();
    }

    /** @throws PayloadException when {@code json} is not a Buffer's JSON form */
    public static byte[] fromJson(JsonNode json) {
        if (json == null || !json.path("type").asText().equals("Buffer") || !json.path("data").isArray()) {
            throw new PayloadException(PayloadException.Reason.NOT_A_BUFFER,
                    "the body is not an encrypted payload ({\"type\":\"Buffer\",\"data\":[...]})");
        }
        JsonNode data = json.get("data");
        byte[] bytes = new byte[data.size()];
        for (int i = 0; i < bytes.length; i++) {
            JsonNode b = data.get(i);
            if (!b.isInt() || b.intValue() < 0 || b.intValue() > 255) {
                throw new PayloadException(PayloadException.Reason.NOT_A_BUFFER,
                        "byte " + i + " of the payload is not a number from 0 to 255: " + b);
            }
            bytes[i] = (byte) b.intValue();
        }
        return bytes;
    }
}
