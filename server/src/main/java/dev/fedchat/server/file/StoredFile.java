package dev.fedchat.server.file;

/** An uploaded file's metadata; the bytes are in the {@link FileStore} under {@code id}. */
public record StoredFile(String id, String roomId, String userId, String name, String type, long size,
                         Integer width, Integer height, String messageId, long createdAt) {

    public boolean isImage() {
        return type.startsWith("image/");
    }
}
