package dev.fedchat.server.api.rest;

import dev.fedchat.server.api.json.StorableText;
import dev.fedchat.server.api.view.Views;
import dev.fedchat.server.error.RcException;
import dev.fedchat.server.file.FileService;
import dev.fedchat.server.file.StoredFile;
import dev.fedchat.server.message.Message;
import dev.fedchat.server.room.Room;
import dev.fedchat.server.room.RoomService;
import dev.fedchat.server.user.User;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Uploads ({@code rooms.upload}, {@code rooms.media} + {@code rooms.mediaConfirm}) and downloads
 * ({@code /file-upload/:id/:name}), client-api.md §2.6. A request whose declared length already
 * exceeds {@code FileUpload_MaxFileSize} is refused before its body is read.
 */
final class FileRoutes {
    private final FileService files;
    private final RoomService rooms;
    private final Auth auth;
    private final RequestReader reader;

    FileRoutes(FileService files, RoomService rooms, Auth auth, RequestReader reader) {
        this.files = files;
        this.rooms = rooms;
        this.auth = auth;
        this.reader = reader;
    }

    void install(RoutesConfig routes) {
        routes.post("/api/v1/rooms.upload/{rid}", this::upload);
        routes.post("/api/v1/rooms.media/{rid}", this::media);
        routes.post("/api/v1/rooms.mediaConfirm/{rid}/{fileId}", this::confirm);
        routes.get("/file-upload/{id}/{name}", this::download);
    }

    private void upload(Context ctx) {
        User caller = auth.require(ctx);
        Room room = rooms.requireRoom(ctx.pathParam("rid"));
        rooms.requireMember(room, caller);
        UploadedFile part = filePart(ctx);
        Map<String, Object> extra = new LinkedHashMap<>();
        for (String f : new String[] {"alias", "emoji", "avatar"}) {
            if (formField(ctx, f) != null) {
                extra.put(f, formField(ctx, f));
            }
        }
        Message m;
        try (InputStream in = part.content()) {
            m = files.upload(caller, room, part.filename(), part.contentType(), in, new FileService.Caption(
                    formField(ctx, "msg"), formField(ctx, "description"), formField(ctx, "tmid"), extra));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Replies.ok(ctx, Replies.of("message", Views.message(m)));
    }

    private void media(Context ctx) {
        User caller = auth.require(ctx);
        Room room = rooms.requireRoom(ctx.pathParam("rid"));
        rooms.requireMember(room, caller);
        UploadedFile part = filePart(ctx);
        StoredFile file;
        try (InputStream in = part.content()) {
            file = files.stage(caller, room, part.filename(), part.contentType(), in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Replies.ok(ctx, Replies.of("file", Map.of("_id", file.id(), "url", FileService.downloadPath(file.id(), file.name()))));
    }

    private void confirm(Context ctx) {
        User caller = auth.require(ctx);
        Room room = rooms.requireRoom(ctx.pathParam("rid"));
        RequestBody body = reader.body(ctx);
        Message m = files.confirm(caller, room, ctx.pathParam("fileId"), new FileService.Caption(body.optString("msg"),
                body.optString("description"), body.optString("tmid"), Map.of()), body.optString("fileName"));
        Replies.ok(ctx, Replies.of("message", Views.message(m)));
    }

    private UploadedFile filePart(Context ctx) {
        files.checkDeclaredSize(Math.max(0, ctx.contentLength()) - 16 * 1024L); // multipart framing is not file data
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase().startsWith("multipart/form-data")) {
            throw RcException.invalid("invalid-field", "The upload must be multipart/form-data with a 'file' part");
        }
        UploadedFile part = ctx.uploadedFile("file");
        if (part == null) {
            throw RcException.invalid("invalid-field", "The upload has no 'file' part");
        }
        files.checkDeclaredSize(part.size());
        StorableText.require("the file's name", part.filename());
        StorableText.require("the file's type", part.contentType());
        return part;
    }

    /** A text field of the multipart form, refused like any other edge text when it cannot be stored ({@link RequestText}). */
    private static String formField(Context ctx, String name) {
        String value = ctx.formParam(name);
        StorableText.require("the form field '" + name + "'", value);
        return value;
    }

    private void download(Context ctx) {
        User viewer = auth.fromAnyCredential(ctx).orElse(null);
        FileService.Download d = files.open(ctx.pathParam("id"), viewer);
        String disposition = ctx.queryParam("download") != null ? "attachment" : "inline";
        // Served byte for byte: Javalin would gzip it for clients that accept gzip (browsers,
        // fetch) yet keep the Content-Length of the stored file, and those clients cut it short.
        ctx.disableCompression();
        ctx.contentType(d.file().type());
        ctx.header("Content-Disposition", disposition + "; filename*=UTF-8''"
                + URLEncoder.encode(d.file().name(), StandardCharsets.UTF_8).replace("+", "%20"));
        ctx.header("Content-Length", String.valueOf(d.file().size()));
        ctx.header("X-Content-Type-Options", "nosniff");
        // uploads are served from our own origin: an uploaded HTML page or SVG must not run scripts
        // there (Rocket.Chat's file-upload/server/lib/requests.ts sends the same policy)
        ctx.header("Content-Security-Policy", "default-src 'none'");
        try {
            ctx.result(Files.newInputStream(d.path()));
        } catch (IOException e) {
            throw new RcException(404, null, "File not found");
        }
    }
}
