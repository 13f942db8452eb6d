package dev.fedchat.server.api.rest;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.History;
import dev.fedchat.server.testing.ApiResponse;
import dev.fedchat.server.testing.Multipart;
import dev.fedchat.server.testing.TestServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Uploads ({@code rooms.upload}, {@code rooms.media} + {@code rooms.mediaConfirm}) and protected
 * downloads from {@code /file-upload/<id>/<name>} (client-api.md §2.6).
 */
class FileApiTest {
    private static final byte[] NOTES = "meeting notes\n".getBytes(StandardCharsets.UTF_8);

    private static TestServer server;
    private static ApiClient alice;
    private static ApiClient bob;
    private static ApiClient outsider;
    private static String group;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        alice = server.newUser("alice");
        bob = server.newUser("bob");
        outsider = server.newUser("outsider");
        group = alice.post("/api/v1/groups.create", obj("name", "files", "members", List.of("bob"))).expectOk()
                .path("group").path("_id").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void upload_postsAFileMessage_withFileFilesAndAttachment() {
        JsonNode message = upload(alice, group, new Multipart().file("file", "notes.txt", "text/plain", NOTES)
                .field("msg", "see attached").field("description", "from Monday")).expectOk().path("message");

        JsonNode file = message.path("file");
        String id = file.path("_id").asText();
        assertThat(message.path("msg").asText()).isEqualTo("see attached");
        assertThat(file.path("name").asText()).isEqualTo("notes.txt");
        assertThat(file.path("type").asText()).isEqualTo("text/plain");
        assertThat(file.path("size").asInt()).isEqualTo(NOTES.length);
        assertThat(message.path("files").get(0).path("_id").asText()).isEqualTo(id);
        JsonNode attachment = message.path("attachments").get(0);
        assertThat(attachment.path("type").asText()).isEqualTo("file");
        assertThat(attachment.path("title").asText()).isEqualTo("notes.txt");
        assertThat(attachment.path("title_link").asText()).isEqualTo("/file-upload/" + id + "/notes.txt");
        assertThat(attachment.path("title_link_download").asBoolean()).isTrue();
        assertThat(attachment.path("description").asText()).isEqualTo("from Monday");
        assertThat(History.texts(bob, "groups", group)).contains("see attached");
    }

    @Test
    void upload_ofAnImage_reportsItsDimensions() {
        JsonNode attachment = upload(alice, group, new Multipart().file("file", "dot.png", "image/png", png(3, 2)))
                .expectOk().path("message").path("attachments").get(0);

        assertThat(attachment.path("image_dimensions").path("width").asInt()).isEqualTo(3);
        assertThat(attachment.path("image_dimensions").path("height").asInt()).isEqualTo(2);
        assertThat(attachment.path("image_type").asText()).isEqualTo("image/png");
        assertThat(attachment.path("image_url").asText()).isEqualTo(attachment.path("title_link").asText());
    }

    @Test
    void download_acceptsHeadersCookiesOrQueryParameters() {
        String link = uploadNotes(alice);

        HttpResponse<byte[]> byHeaders = bob.raw(bob.request(link));
        assertThat(byHeaders.statusCode()).isEqualTo(200);
        assertThat(byHeaders.body()).isEqualTo(NOTES);
        assertThat(byHeaders.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(byHeaders.headers().firstValue("Content-Disposition").orElse("")).startsWith("inline;")
                .contains("notes.txt");

        HttpResponse<byte[]> byCookies = server.client().raw(server.client().request(link)
                .header("Cookie", "rc_uid=" + bob.userId() + "; rc_token=" + bob.token()));
        assertThat(byCookies.statusCode()).isEqualTo(200);
        assertThat(byCookies.body()).isEqualTo(NOTES);

        HttpResponse<byte[]> byQuery = server.client().raw(server.client().request(link + "?rc_uid=" + bob.userId()
                + "&rc_token=" + bob.token()));
        assertThat(byQuery.statusCode()).isEqualTo(200);
        assertThat(byQuery.body()).isEqualTo(NOTES);
    }

    @Test
    void download_withDownloadParameter_isAnAttachment() {
        String link = uploadNotes(alice);

        HttpResponse<byte[]> r = bob.raw(bob.request(link + "?download"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment;");
    }

    @Test
    void download_withoutCredentialsOrByANonMember_is403() {
        String link = uploadNotes(alice);

        ApiResponse anonymous = server.client().send(server.client().request(link));
        anonymous.expectError(403);
        assertThat(anonymous.text()).doesNotContain("meeting notes");
        outsider.send(outsider.request(link)).expectError(403);
        server.client().send(server.client().request(link).header("Cookie", "rc_uid=" + bob.userId() + "; rc_token=forged"))
                .expectError(403);
        server.client().send(server.client().request(link + "?rc_uid=" + outsider.userId() + "&rc_token=" + outsider.token()))
                .expectError(403);
        bob.send(bob.request("/file-upload/AAAAAAAAAAAAAAAAA/notes.txt")).expectError(404);
    }

    @Test
    void upload_largerThanFileUploadMaxFileSize_isRefused_andPostsNothing() {
        ApiClient admin = server.admin();
        admin.post("/api/v1/settings/FileUpload_MaxFileSize", obj("value", 64)).expectOk();
        try {
            int before = History.texts(bob, "groups", group).size();
            byte[] big = new byte[65];

            JsonNode body = upload(alice, group, new Multipart().file("file", "big.bin", "application/octet-stream", big)
                    .field("msg", "too big")).expectErrorType("error-file-too-large");
            assertThat(body.path("error").asText()).contains("64");
            upload(alice, group, new Multipart().file("file", "big.bin", "application/octet-stream", big), "rooms.media")
                    .expectErrorType("error-file-too-large");

            assertThat(History.texts(bob, "groups", group)).hasSize(before).doesNotContain("too big");
            upload(alice, group, new Multipart().file("file", "fits.bin", "application/octet-stream", new byte[64]))
                    .expectOk();
        } finally {
            admin.post("/api/v1/settings/FileUpload_MaxFileSize", obj("value", 104_857_600)).expectOk();
        }
    }

    @Test
    void upload_withoutAFilePart_orNotMultipart_orBroken_isRefused_andPostsNothing() {
        int before = History.texts(bob, "groups", group).size();

        upload(alice, group, new Multipart().field("msg", "where is the file")).expectErrorType("invalid-field");
        upload(alice, group, new Multipart().file("attachment", "notes.txt", "text/plain", NOTES).field("msg", "wrong part"))
                .expectErrorType("invalid-field");
        alice.post("/api/v1/rooms.upload/" + group, obj("msg", "json instead")).expectErrorType("invalid-field");
        alice.send(alice.request("/api/v1/rooms.upload/" + group).header("Content-Type", "multipart/form-data; boundary=b")
                .POST(HttpRequest.BodyPublishers.ofString("no parts at all"))).expectErrorType("invalid-params");
        alice.send(alice.request("/api/v1/rooms.upload/" + group).header("Content-Type", "multipart/form-data")
                .POST(HttpRequest.BodyPublishers.ofString("--b\r\nno boundary declared\r\n--b--"))).expectErrorType("invalid-params");

        assertThat(History.texts(bob, "groups", group)).hasSize(before);
    }

    @Test
    void upload_byANonMemberAnonymouslyOrToAnUnknownRoom_isRefused_andPostsNothing() {
        int before = History.texts(bob, "groups", group).size();
        Multipart notes = new Multipart().file("file", "notes.txt", "text/plain", NOTES).field("msg", "intruder");

        upload(outsider, group, notes).expectError(403);
        upload(outsider, group, notes, "rooms.media").expectError(403);
        upload(server.client(), group, notes).expectError(401);
        upload(alice, "AAAAAAAAAAAAAAAAA", notes).expectErrorType("error-invalid-room");

        assertThat(History.texts(bob, "groups", group)).hasSize(before).doesNotContain("intruder");
    }

    @Test
    void upload_whoseMessageIsRefused_leavesNoFileBehind() {
        long stored = storedFiles();
        alice.post("/api/v1/rooms.muteUser", obj("roomId", group, "userId", bob.userId())).expectOk();
        try {
            upload(bob, group, new Multipart().file("file", "notes.txt", "text/plain", NOTES))
                    .expectErrorType("error-user-muted");
        } finally {
            alice.post("/api/v1/rooms.unmuteUser", obj("roomId", group, "userId", bob.userId())).expectOk();
        }
        upload(alice, group, new Multipart().file("file", "notes.txt", "text/plain", NOTES).field("msg", "x".repeat(5001)))
                .expectErrorType("error-message-size-exceeded");
        upload(alice, group, new Multipart().file("file", "notes.txt", "text/" + "x".repeat(300), NOTES))
                .expectErrorType("invalid-field");

        assertThat(storedFiles()).isEqualTo(stored);
    }

    @Test
    void download_ofAnHtmlUpload_mayNotRunScripts() {
        String link = upload(alice, group, new Multipart().file("file", "page.html", "text/html",
                "<script>alert(document.cookie)</script>".getBytes(StandardCharsets.UTF_8))).expectOk()
                .path("message").path("attachments").get(0).path("title_link").asText();

        HttpResponse<byte[]> r = bob.raw(bob.request(link));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Security-Policy")).contains("default-src 'none'");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    }

    @Test
    void mediaThenConfirm_postsTheMessageOnce() {
        int before = History.texts(bob, "groups", group).size();
        JsonNode file = upload(alice, group, new Multipart().file("file", "draft.txt", "text/plain", NOTES), "rooms.media")
                .expectOk().path("file");
        String fileId = file.path("_id").asText();
        assertThat(file.path("url").asText()).isEqualTo("/file-upload/" + fileId + "/draft.txt");
        assertThat(History.texts(bob, "groups", group)).as("no message before the confirm").hasSize(before);

        bob.post("/api/v1/rooms.mediaConfirm/" + group + "/" + fileId, obj("msg", "not yours"))
                .expectErrorType("error-file-not-found");
        JsonNode message = alice.post("/api/v1/rooms.mediaConfirm/" + group + "/" + fileId,
                obj("msg", "confirmed", "description", "the draft", "fileName", "final.txt")).expectOk().path("message");
        assertThat(message.path("file").path("name").asText()).isEqualTo("final.txt");
        assertThat(message.path("attachments").get(0).path("description").asText()).isEqualTo("the draft");

        alice.post("/api/v1/rooms.mediaConfirm/" + group + "/" + fileId, obj("msg", "twice"))
                .expectErrorType("error-file-already-confirmed");
        alice.post("/api/v1/rooms.mediaConfirm/" + group + "/AAAAAAAAAAAAAAAAA", obj())
                .expectErrorType("error-file-not-found");
        assertThat(History.texts(bob, "groups", group)).hasSize(before + 1).contains("confirmed").doesNotContain("twice");
    }

    private static ApiResponse upload(ApiClient client, String roomId, Multipart body) {
        return upload(client, roomId, body, "rooms.upload");
    }

    private static ApiResponse upload(ApiClient client, String roomId, Multipart body, String endpoint) {
        return client.send(body.applyTo(client.request("/api/v1/" + endpoint + "/" + roomId)));
    }

    /** Uploads the notes as {@code uploader} and returns their download link. */
    private static String uploadNotes(ApiClient uploader) {
        return upload(uploader, group, new Multipart().file("file", "notes.txt", "text/plain", NOTES)).expectOk()
                .path("message").path("attachments").get(0).path("title_link").asText();
    }

    /** How many uploads are on disk. */
    private static long storedFiles() {
        try (Stream<Path> files = Files.list(server.dataDir().resolve("uploads"))) {
            return files.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] png(int width, int height) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
