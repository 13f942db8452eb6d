package dev.fedchat.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The interop vectors made by node-rsa 1.1.1 the way Rocket.Chat did
 * ({@code shared/spec/vectors/rc-federation-vectors.json}, copied verbatim into the test resources
 * so the tests do not depend on where the spec is checked out).
 */
public final class Vectors {
    private static final JsonNode ROOT = load();

    private Vectors() {}

    public static JsonNode get(String field) {
        return ROOT.get(field);
    }

    public static String text(String... path) {
        JsonNode n = ROOT;
        for (String p : path) {
            n = n.get(p);
        }
        return n.asText();
    }

    private static JsonNode load() {
        try (InputStream in = Vectors.class.getResourceAsStream("/vectors/rc-federation-vectors.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
