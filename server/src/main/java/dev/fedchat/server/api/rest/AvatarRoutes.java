package dev.fedchat.server.api.rest;

import dev.fedchat.server.avatar.AvatarFormat;
import dev.fedchat.server.avatar.AvatarImages;
import dev.fedchat.server.avatar.AvatarService;
import dev.fedchat.server.avatar.Initials;
import dev.fedchat.server.error.RcException;
import dev.fedchat.server.room.Membership;
import dev.fedchat.server.room.Room;
import dev.fedchat.server.room.RoomService;
import dev.fedchat.server.settings.Settings;
import dev.fedchat.server.settings.SettingsService;
import dev.fedchat.server.user.User;
import dev.fedchat.server.user.UserService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Avatars as Rocket.Chat serves them (server/routes/avatar, api/v1/users.ts):
 * <ul>
 *   <li>{@code GET /avatar/<username>} (a remote user as {@code bob@beta.test}), {@code /avatar/@<name>}
 *       (always initials), {@code /avatar/uid/<userId>} and {@code /avatar/room/<rid>} (the web
 *       and mobile clients ask it for channels), with {@code ?size=} (16…1024, 200 when absent) and
 *       {@code ?format=svg|png|jpg|jpeg}; public, as in Rocket.Chat. Every answer has an
 *       {@code ETag}; {@code If-None-Match} with it answers 304.</li>
 *   <li>{@code users.setAvatar}: multipart {@code image} (with {@code userId}/{@code username} form
 *       fields for an admin setting another user's). Rocket.Chat's {@code avatarUrl} form is
 *       refused: fetching any URL a user names would let them make this server call addresses
 *       only it can reach (SSRF); the client can download the picture and upload it.</li>
 *   <li>{@code users.resetAvatar}, {@code users.getAvatar} (a 307 to {@code <Site_Url>/avatar/<username>}).</li>
 * </ul>
 */
final class AvatarRoutes {
    /** A picture larger than this is not an avatar; Rocket.Chat bounds it by FileUpload_MaxFileSize, ours is tighter. */
    static final long MAX_IMAGE_BYTES = 5L * 1024 * 1024;
    /** Rocket.Chat's Accounts_AvatarCacheTime default. */
    private static final int CACHE_SECONDS = 3600;
    /** A remote user's initials stand in until their picture arrives: browsers should ask again soon. */
    private static final int STAND_IN_CACHE_SECONDS = 60;

    private final AvatarService avatars;
    private final UserService users;
    private final RoomService rooms;
    private final SettingsService settings;
    private final Auth auth;
    private final RequestReader reader;

    AvatarRoutes(AvatarService avatars, UserService users, RoomService rooms, SettingsService settings, Auth auth,
                 RequestReader reader) {
        this.avatars = avatars;
        this.users = users;
        this.rooms = rooms;
        this.settings = settings;
        this.auth = auth;
        this.reader = reader;
    }

    void install(RoutesConfig routes) {
        routes.get("/avatar/{name}", this::byUsername);
        routes.get("/avatar/uid/{id}", this::byUserId);
        routes.get("/avatar/room/{rid}", this::byRoom);
        routes.post("/api/v1/users.setAvatar", this::setAvatar);
        routes.post("/api/v1/users.resetAvatar", this::resetAvatar);
        routes.get("/api/v1/users.getAvatar", this::getAvatar);
    }

    private void byUsername(Context ctx) {
        String name = ctx.pathParam("name");
        User user = name.startsWith("@") ? null : users.byUsername(name).orElse(null);
        AvatarService.Served served = user == null ? avatars.ofUsername(name, size(ctx), format(ctx))
                : avatars.of(user, size(ctx), format(ctx));
        serve(ctx, served, user != null && user.isRemote() && user.avatarEtag() == null);
    }

    private void byUserId(Context ctx) {
        User user = users.byId(ctx.pathParam("id")).orElseThrow(() -> new RcException(404, null, "Not found"));
        serve(ctx, avatars.of(user, size(ctx), format(ctx)), user.isRemote() && user.avatarEtag() == null);
    }

    private void byRoom(Context ctx) {
        Room room = rooms.byId(ctx.pathParam("rid")).orElseThrow(() -> new RcException(404, null, "Not found"));
        String name = room.name();
        if (name == null) {
            // a direct room is shown as the other member, as Rocket.Chat's getRoomName does for the viewer
            String viewer = ctx.cookie("rc_uid");
            name = rooms.members(room).stream().filter(m -> !m.userId().equals(viewer)).map(Membership::username)
                    .findFirst().orElse("?");
        }
        serve(ctx, avatars.initials(name, size(ctx), format(ctx)), false);
    }

    private void serve(Context ctx, AvatarService.Served served, boolean standIn) {
        String etag = "\"" + served.etag() + "\"";
        ctx.header("ETag", etag);
        ctx.header("Cache-Control", "public, max-age=" + (standIn ? STAND_IN_CACHE_SECONDS : CACHE_SECONDS));
        ctx.header("Content-Disposition", "inline");
        ctx.header("X-Content-Type-Options", "nosniff");
        // an SVG served from our origin must not run anything (Rocket.Chat sends the same policy)
        ctx.header("Content-Security-Policy", "default-src 'none'");
        if (matches(ctx.header("If-None-Match"), etag)) {
            ctx.status(304);
            return;
        }
        ctx.contentType(served.contentType());
        ctx.result(served.bytes());
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        return Arrays.stream(ifNoneMatch.split(",")).map(String::strip).map(t -> t.startsWith("W/") ? t.substring(2) : t)
                .anyMatch(t -> t.equals(etag) || t.equals("*"));
    }

    private static int size(Context ctx) {
        return AvatarImages.size(ctx.queryParam("size"), Initials.DEFAULT_SIZE);
    }

    private static AvatarFormat format(Context ctx) {
        return AvatarFormat.parse(ctx.queryParam("format")).orElseThrow(() -> RcException.invalidParams(
                "The format must be svg, png, jpg or jpeg"));
    }

    private void setAvatar(Context ctx) {
        User caller = auth.require(ctx);
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")) {
            RequestBody body = reader.body(ctx);
            if (body.optString("avatarUrl") != null) {
                throw RcException.notAllowed("Setting an avatar from a URL is not supported on this server: upload the"
                        + " image as the multipart field 'image'");
            }
            throw RcException.invalidParams("The 'image' param is required");
        }
        if (ctx.contentLength() > MAX_IMAGE_BYTES + 16 * 1024L) {
            throw tooLarge();
        }
        UploadedFile image = ctx.uploadedFile("image");
        if (image == null) {
            throw RcException.invalidParams("The 'image' param is required");
        }
        if (image.size() > MAX_IMAGE_BYTES) {
            throw tooLarge();
        }
        User target = target(caller, ctx.formParam("userId"), ctx.formParam("username"));
        byte[] bytes;
        try (InputStream in = image.content()) {
            bytes = in.readNBytes((int) MAX_IMAGE_BYTES + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (bytes.length > MAX_IMAGE_BYTES) {
            throw tooLarge();
        }
        avatars.set(caller, target, bytes);
        Replies.ok(ctx);
    }

    private void resetAvatar(Context ctx) {
        User caller = auth.require(ctx);
        RequestBody body = reader.body(ctx);
        avatars.reset(caller, target(caller, body.optString("userId"), body.optString("username")));
        Replies.ok(ctx);
    }

    private void getAvatar(Context ctx) {
        User user = fromParams(ctx.queryParam("userId"), ctx.queryParam("username"));
        String url = settings.string(Settings.SITE_URL).replaceAll("/+$", "") + "/avatar/"
                + URLEncoder.encode(user.username(), StandardCharsets.UTF_8);
        ctx.header("Location", url);
        ctx.status(307);
        ctx.result(url);
    }

    /** The caller, or the user the request names (whether the caller may change them is the service's rule). */
    private User target(User caller, String userId, String username) {
        if ((userId == null || userId.isBlank()) && (username == null || username.isBlank())) {
            return caller;
        }
        try {
            return fromParams(userId, username);
        } catch (RcException e) {
            throw RcException.invalid("error-invalid-user",
                    "The optional \"userId\" or \"username\" param provided does not match any users");
        }
    }

    private User fromParams(String userId, String username) {
        return UserParams.require(users, userId, username);
    }

    private static RcException tooLarge() {
        return RcException.invalid("error-file-too-large", "The image exceeds the allowed size of " + MAX_IMAGE_BYTES + " bytes");
    }
}
