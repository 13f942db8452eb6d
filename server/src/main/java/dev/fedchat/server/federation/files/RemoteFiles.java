package dev.fedchat.server.federation.files;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.protocol.json.NodeBuffer;
import dev.fedchat.server.federation.transport.FederationClient;
import dev.fedchat.server.federation.transport.PeerCallException;
import dev.fedchat.server.file.FileService;
import dev.fedchat.server.file.StoredFile;
import dev.fedchat.server.room.Room;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The receiving half of a federated file (federation-protocol.md §8.5): a peer's message names a
 * file on its server; we fetch it with {@code federation.uploads} (with our proof of who asks),
 * within our own size limit, store it under a new id, and point the message's file fields and
 * links ({@code title_link}, {@code image_url}, {@code audio_url}, {@code video_url}, ...) at our
 * copy. Rocket.Chat rewrote only some of these (images only, before #16430).
 */
public final class RemoteFiles {
    /** JSON of a Node Buffer costs at most 4 characters a byte; the rest of the answer is small. */
    private static final int JSON_BYTES_PER_BYTE = 4;
    private static final long ANSWER_OVERHEAD = 64 * 1024;

    private final FederationClient client;
    private final FileService files;

    public RemoteFiles(FederationClient client, FileService files) {
        this.client = client;
        this.files = files;
    }

    /** A message's fields with its file fetched and stored here; {@code stored} empty when it has no file. */
    public record Fetched(Map<String, Object> extra, Optional<StoredFile> stored) {}

    /** The id, on the sender's server, of the file a message's fields name; empty when they name none. */
    public static Optional<String> remoteFileId(Map<String, Object> extra) {
        if (extra.get("file") instanceof Map<?, ?> file && file.get("_id") instanceof String remoteId) {
            return Optional.of(remoteId);
        }
        return Optional.empty();
    }

    public Fetched fetch(String origin, Room room, String authorId, Map<String, Object> extra) throws PeerCallException {
        Optional<String> named = remoteFileId(extra);
        if (named.isEmpty()) {
            return new Fetched(extra, Optional.empty());
        }
        String remoteId = named.get();
        Map<?, ?> file = (Map<?, ?>) extra.get("file");
        long max = files.maxFileSize();
        long bound = max < 0 ? Integer.MAX_VALUE - 8L : Math.min(Integer.MAX_VALUE - 8L, max * JSON_BYTES_PER_BYTE + ANSWER_OVERHEAD);
        JsonNode answer = client.get(origin, "federation.uploads", Map.of("upload_id", remoteId), bound);
        JsonNode upload = answer.path("upload");
        byte[] bytes;
        try {
            bytes = NodeBuffer.fromJson(answer.path("buffer"));
        } catch (RuntimeException e) {
            throw new PeerCallException(PeerCallException.Kind.REJECTED, origin + " answered file " + remoteId
                    + " without a usable buffer: " + e.getMessage());
        }
        String name = upload.path("name").asText(String.valueOf(file.get("name")));
        String type = upload.path("type").asText(String.valueOf(file.get("type")));
        StoredFile stored = files.storeReplica(room, authorId, name, type, bytes);
        @SuppressWarnings("unchecked")
        Map<String, Object> rewritten = (Map<String, Object>) replaceId(extra, remoteId, stored.id());
        return new Fetched(rewritten, Optional.of(stored));
    }

    /** Every mention of the remote id — as an id, or inside a {@code /file-upload/<id>/} link — becomes ours. */
    static Object replaceId(Object value, String remoteId, String localId) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), replaceId(v, remoteId, localId)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(replaceId(v, remoteId, localId)));
            return copy;
        }
        if (value instanceof String text) {
            if (text.equals(remoteId)) {
                return localId;
            }
            return text.replace("/file-upload/" + remoteId + "/", "/file-upload/" + localId + "/");
        }
        return value;
    }
}
