package dev.fedchat.server.api.peer;

import dev.fedchat.server.error.RcException;
import dev.fedchat.server.federation.settings.FederationSettings;
import dev.fedchat.server.federation.transport.FederationClient;
import dev.fedchat.server.federation.transport.InboundRequests;
import dev.fedchat.server.federation.transport.RequestProof;
import dev.fedchat.server.file.FileService;
import dev.fedchat.server.file.StoredFile;
import dev.fedchat.server.room.Room;
import dev.fedchat.server.room.RoomService;
import dev.fedchat.server.settings.SettingsService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code GET /api/v1/federation.uploads?upload_id=} (federation-protocol.md §8.5): a file of a
 * federated room, for a peer that takes part in that room. Rocket.Chat served any file to anyone
 * who knew its id. Here the caller must name a domain of the file's room; a fedchat peer also
 * proves that claim with its key ({@link RequestProof}), a Rocket.Chat peer cannot, so its claim is
 * taken at its word unless the admin sets {@code FEDERATION_Uploads_Require_Proof}
 * (docs/federation-security.md). Unknown and refused files get the same answer, Rocket.Chat's
 * {@code There is no such file in this server}, so ids cannot be probed.
 */
public final class PeerUploadRoutes {
    private static final String NO_SUCH_FILE = "There is no such file in this server";

    private final InboundRequests inbound;
    private final FileService files;
    private final RoomService rooms;
    private final SettingsService settings;
    private final PeerRateLimits limits;

    public PeerUploadRoutes(InboundRequests inbound, FileService files, RoomService rooms, SettingsService settings,
                            PeerRateLimits limits) {
        this.limits = limits;
        this.inbound = inbound;
        this.files = files;
        this.rooms = rooms;
        this.settings = settings;
    }

    public void install(RoutesConfig routes) {
        routes.get("/api/v1/federation.uploads", this::upload);
    }

    private void upload(Context ctx) {
        String domain = inbound.claimedDomain(ctx.header(FederationClient.DOMAIN_HEADER));
        String id = ctx.queryParam("upload_id");
        if (id == null || id.isBlank()) {
            throw RcException.invalidParams("The query parameter upload_id is required");
        }
        boolean proven = inbound.proven(domain, PeerRequests.of(ctx, new byte[0]));
        if (proven) {
            limits.chargeProven(ctx, domain);
        } else if (settings.bool(FederationSettings.UPLOADS_REQUIRE_PROOF)) {
            throw new RcException(403, "forbidden", "This server serves files only to peers that prove who they are"
                    + " (FEDERATION_Uploads_Require_Proof)");
        }
        StoredFile file = files.byId(id).filter(f -> f.messageId() != null).orElseThrow(PeerUploadRoutes::noSuchFile);
        Optional<Room> room = rooms.byId(file.roomId());
        if (room.isEmpty() || room.get().federation() == null || !room.get().federation().domains().contains(domain)) {
            throw noSuchFile();
        }
        ctx.contentType("application/json");
        try (OutputStream out = ctx.outputStream()) {
            writeAnswer(out, file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code {"upload":{...},"buffer":{"type":"Buffer","data":[...]},"success":true}}, streamed: no copy of the file in memory as JSON. */
    private void writeAnswer(OutputStream out, StoredFile file) throws IOException {
        String upload = "{\"upload\":{\"_id\":" + quote(file.id()) + ",\"name\":" + quote(file.name()) + ",\"type\":" + quote(file.type())
                + ",\"size\":" + file.size() + ",\"rid\":" + quote(file.roomId()) + ",\"userId\":" + quote(file.userId())
                + ",\"uploadedAt\":" + quote(Instant.ofEpochMilli(file.createdAt()).toString()) + ",\"complete\":true}"
                + ",\"buffer\":{\"type\":\"Buffer\",\"data\":[";
        out.write(upload.getBytes(StandardCharsets.UTF_8));
        byte[] chunk = new byte[64 * 1024];
        boolean first = true;
        try (var in = Files.newInputStream(files.pathOf(file.id()))) {
            int n;
            StringBuilder text = new StringBuilder(chunk.length * 4);
            while ((n = in.read(chunk)) > 0) {
                text.setLength(0);
                for (int i = 0; i < n; i++) {
                    if (!first) {
                        text.append(',');
                    }
                    text.append(chunk[i] & 0xff);
                    first = false;
                }
                out.write(text.toString().getBytes(StandardCharsets.US_ASCII));
            }
        }
        out.write("]},\"success\":true}".getBytes(StandardCharsets.UTF_8));
    }

    private static String quote(String text) {
        return "\"" + new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
    }

    private static RcException noSuchFile() {
        return new RcException(400, null, NO_SUCH_FILE);
    }
}
