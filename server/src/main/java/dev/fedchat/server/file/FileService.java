package dev.fedchat.server.file;

import dev.fedchat.server.Ids;
import dev.fedchat.server.error.RcException;
import dev.fedchat.server.message.Message;
import dev.fedchat.server.message.MessageService;
import dev.fedchat.server.room.Room;
import dev.fedchat.server.room.RoomService;
import dev.fedchat.server.settings.Settings;
import dev.fedchat.server.settings.SettingsService;
import dev.fedchat.server.user.User;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * File uploads and downloads. An upload is stored on disk first, then recorded, then announced
 * by a file message built as Rocket.Chat builds it (client-api.md §2.6). Thread-safe.
 */
public final class FileService {
    private static final Logger log = LoggerFactory.getLogger(FileService.class);
    /** The width of the {@code files.type} column. */
    private static final int MAX_TYPE_LENGTH = 255;

    private final Jdbi jdbi;
    private final Clock clock;
    private final Ids ids;
    private final FileStore store;
    private final RoomService rooms;
    private final MessageService messages;
    private final SettingsService settings;

    public FileService(Jdbi jdbi, Clock clock, Ids ids, FileStore store, RoomService rooms, MessageService messages,
                       SettingsService settings) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.ids = ids;
        this.store = store;
        this.rooms = rooms;
        this.messages = messages;
        this.settings = settings;
    }

    /** The text parts that may come with a file. */
    public record Caption(String msg, String description, String tmid, Map<String, Object> extra) {}

    /** The largest upload accepted, in bytes; negative means no limit. */
    public long maxFileSize() {
        return settings.integer(Settings.FILE_MAX_SIZE);
    }

    /** Refuses an upload early when its declared size is already too large. */
    public void checkDeclaredSize(long bytes) {
        long max = maxFileSize();
        if (max >= 0 && bytes > max) {
            throw FileStore.tooLarge(max);
        }
    }

    /** {@code rooms.upload}: stores the file and posts its message in one call, or keeps nothing. */
    public Message upload(User caller, Room room, String name, String type, InputStream content, Caption caption) {
        StoredFile file = stage(caller, room, name, type, content);
        try {
            return confirm(caller, room, file.id(), caption, null);
        } catch (RuntimeException e) {
            // the message was refused (a muted sender, a caption too long): the file must not stay behind
            jdbi.useExtension(FileDao.class, dao -> dao.deleteStaged(file.id()));
            store.delete(file.id());
            throw e;
        }
    }

    /** {@code rooms.media}: stores the file; it gets a message on {@link #confirm}. */
    public StoredFile stage(User caller, Room room, String name, String type, InputStream content) {
        rooms.requireMember(room, caller);
        String id = ids.next();
        String safeName = sanitiseName(name);
        String contentType = type == null || type.isBlank() ? "application/octet-stream" : type;
        if (contentType.length() > MAX_TYPE_LENGTH) {
            throw RcException.invalid("invalid-field", "The file's content type is longer than " + MAX_TYPE_LENGTH
                    + " characters");
        }
        long size = store.write(id, content, maxFileSize());
        Optional<BufferedImage> image = contentType.startsWith("image/") ? readImage(id) : Optional.empty();
        Integer width = image.map(BufferedImage::getWidth).orElse(null);
        Integer height = image.map(BufferedImage::getHeight).orElse(null);
        StoredFile file = new StoredFile(id, room.id(), caller.id(), safeName, contentType, size, width, height, null,
                clock.millis());
        jdbi.useExtension(FileDao.class, dao -> dao.insert(file));
        log.info("{} uploaded {} ({} bytes, {}) to room {}", caller.username(), safeName, size, contentType, room.id());
        return file;
    }

    /** {@code rooms.mediaConfirm}: posts the message of a staged file; a file is confirmed once. */
    public Message confirm(User caller, Room room, String fileId, Caption caption, String newName) {
        StoredFile file = jdbi.withExtension(FileDao.class, dao -> dao.byId(fileId))
                .filter(f -> f.roomId().equals(room.id()) && f.userId().equals(caller.id()))
                .orElseThrow(() -> RcException.invalid("error-file-not-found", "No staged file " + fileId + " in this room"));
        if (file.messageId() != null) {
            throw RcException.invalid("error-file-already-confirmed", "The file " + fileId + " already has its message");
        }
        String name = newName == null || newName.isBlank() ? file.name() : sanitiseName(newName);
        Map<String, Object> extra = new LinkedHashMap<>(caption.extra());
        Map<String, Object> fileInfo = new LinkedHashMap<>();
        fileInfo.put("_id", file.id());
        fileInfo.put("name", name);
        fileInfo.put("type", file.type());
        fileInfo.put("size", file.size());
        extra.put("file", fileInfo);
        extra.put("files", List.of(fileInfo));
        extra.put("attachments", List.of(attachment(file, name, caption.description())));
        Message message = messages.post(caller, room,
                new MessageService.Draft(null, caption.msg() == null ? "" : caption.msg(), caption.tmid(), extra));
        int claimed = jdbi.withExtension(FileDao.class, dao -> dao.confirm(file.id(), message.id(), name));
        if (claimed == 0) {
            messages.delete(caller, room.id(), message.id());
            throw RcException.invalid("error-file-already-confirmed", "The file " + fileId + " already has its message");
        }
        return message;
    }

    /** The file and its bytes, when {@code viewer} may see it (null viewer: not logged in). */
    public Download open(String fileId, User viewer) {
        StoredFile file = jdbi.withExtension(FileDao.class, dao -> dao.byId(fileId))
                .orElseThrow(() -> new RcException(404, null, "File not found"));
        if (settings.bool(Settings.FILE_PROTECT)) {
            if (viewer == null) {
                throw RcException.forbidden();
            }
            Room room = rooms.requireRoom(file.roomId());
            if (!rooms.canRead(room, viewer)) {
                throw RcException.forbidden();
            }
        }
        return new Download(file, store.path(file.id()));
    }

    /** A file's record, without access checks (federation checks its own rules). */
    public Optional<StoredFile> byId(String fileId) {
        return jdbi.withExtension(FileDao.class, dao -> dao.byId(fileId));
    }

    /** Where a file's bytes are. */
    public java.nio.file.Path pathOf(String fileId) {
        return store.path(fileId);
    }

    /**
     * A file a peer's message carries (federation-protocol.md §8.5), stored under a new id of ours,
     * within our size limit, not yet tied to a message ({@link #attachReplica}).
     */
    public StoredFile storeReplica(Room room, String userId, String name, String type, byte[] bytes) {
        checkDeclaredSize(bytes.length);
        String id = ids.next();
        String contentType = type == null || type.isBlank() || type.length() > MAX_TYPE_LENGTH ? "application/octet-stream" : type;
        long size = store.write(id, new java.io.ByteArrayInputStream(bytes), maxFileSize());
        Optional<BufferedImage> image = contentType.startsWith("image/") ? readImage(id) : Optional.empty();
        Integer width = image.map(BufferedImage::getWidth).orElse(null);
        Integer height = image.map(BufferedImage::getHeight).orElse(null);
        StoredFile file = new StoredFile(id, room.id(), userId, sanitiseName(name), contentType, size, width, height, null,
                clock.millis());
        jdbi.useExtension(FileDao.class, dao -> dao.insert(file));
        return file;
    }

    /** Ties a replicated file to the message that shows it. */
    public void attachReplica(String fileId, String messageId, String name) {
        jdbi.useExtension(FileDao.class, dao -> dao.confirm(fileId, messageId, sanitiseName(name)));
    }

    /** What a download serves. */
    public record Download(StoredFile file, java.nio.file.Path path) {}

    public static String downloadPath(String fileId, String name) {
        return "/file-upload/" + fileId + "/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static Map<String, Object> attachment(StoredFile file, String name, String description) {
        Map<String, Object> a = new LinkedHashMap<>();
        String link = downloadPath(file.id(), name);
        a.put("type", "file");
        a.put("title", name);
        a.put("title_link", link);
        a.put("title_link_download", true);
        if (description != null && !description.isBlank()) {
            a.put("description", description);
        }
        a.put("fileId", file.id());
        String kind = file.type().contains("/") ? file.type().substring(0, file.type().indexOf('/')) : "";
        if (kind.equals("image") || kind.equals("audio") || kind.equals("video")) {
            a.put(kind + "_url", link);
            a.put(kind + "_type", file.type());
            a.put(kind + "_size", file.size());
        }
        if (file.width() != null) {
            a.put("image_dimensions", Map.of("width", file.width(), "height", file.height()));
        }
        return a;
    }

    private Optional<BufferedImage> readImage(String id) {
        try {
            return Optional.ofNullable(ImageIO.read(store.path(id).toFile()));
        } catch (IOException | RuntimeException e) {
            log.debug("Upload {} claims to be an image but could not be decoded: {}", id, e.toString());
            return Optional.empty();
        }
    }

    private static String sanitiseName(String name) {
        if (name == null || name.isBlank()) {
            return "file";
        }
        String base = name.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}]", "");
        return base.isBlank() ? "file" : base.length() > 255 ? base.substring(0, 255) : base;
    }
}
