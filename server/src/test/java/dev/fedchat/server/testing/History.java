package dev.fedchat.server.testing;

import java.util.ArrayList;
import java.util.List;

/** Reads a room's history the way a client does, for tests that check what was (not) stored. */
public final class History {
    private History() {}

    /** The texts of the room's latest 100 messages, newest first, via {@code <family>.history}. */
    public static List<String> texts(ApiClient reader, String family, String roomId) {
        List<String> texts = new ArrayList<>();
        reader.get("/api/v1/" + family + ".history?roomId=" + roomId + "&count=100").expectOk().path("messages")
                .forEach(m -> texts.add(m.path("msg").asText()));
        return texts;
    }
}
