package dev.fedchat.server.api.rest;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Downloads reach clients that accept gzip (browsers, Node's fetch) byte for byte. Found by the
 * published-clients suite: the server gzipped the body but kept the stored file's Content-Length,
 * so fetch saw the connection close early.
 */
class FileDownloadEncodingTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void download_forAClientAcceptingGzip_isTheStoredBytesWithTheirLength() {
        ApiClient dora = server.newUser("dora");
        String rid = dora.post("/api/v1/channels.create", obj("name", "downloads")).expectOk()
                .path("channel").path("_id").asText();
        byte[] content = "a line that compresses very well\n".repeat(2000).getBytes(StandardCharsets.UTF_8);
        String boundary = "fedchat-test-boundary";
        String link = dora.send(dora.request("/api/v1/rooms.upload/" + rid)
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(boundary, "notes.txt", content))))
                .expectOk().path("message").path("attachments").path(0).path("title_link").asText();

        HttpResponse<byte[]> download = dora.raw(dora.request(link).header("Accept-Encoding", "gzip, deflate"));

        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(download.headers().firstValue("Content-Length")).contains(String.valueOf(content.length));
        assertThat(download.body()).isEqualTo(content);
    }

    private static byte[] multipart(String boundary, String filename, byte[] content) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: text/plain\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }
}
