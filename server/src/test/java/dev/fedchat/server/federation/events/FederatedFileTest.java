package dev.fedchat.server.federation.events;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.federation.transport.RequestProof;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.FederatedServers;
import dev.fedchat.server.testing.Multipart;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A file and an image cross servers (federation-protocol.md §8.5): beta fetches them from alpha,
 * stores its own copies under new ids, and its message links point at them; alpha serves a file
 * only to a domain of the file's room, and a wrong proof is refused.
 */
class FederatedFileTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static FederatedServers servers;
    private static ApiClient alice;
    private static ApiClient bob;
    private static String roomId;

    @BeforeAll
    static void start() {
        servers = FederatedServers.start("alpha.test", "beta.test", "gamma.test");
        alice = servers.server("alpha.test").newUser("alice");
        bob = servers.server("beta.test").newUser("bob");
        roomId = alice.post("/api/v1/im.create", obj("username", "bob@beta.test")).expectOk().path("room").path("_id").asText();
        // beta holds the room a moment before bob's subscription: history asked in between is refused
        Groups.await("bob subscribed to the conversation", () -> Groups.subscribed(bob, roomId));
    }

    @AfterAll
    static void stop() {
        servers.close();
    }

    private static JsonNode upload(String name, String type, byte[] bytes) {
        return alice.send(new Multipart().file("file", name, type, bytes).applyTo(alice.request("/api/v1/rooms.upload/" + roomId)))
                .expectOk().path("message");
    }

    private static JsonNode onBeta(String messageId) {
        return Awaitility.await("message " + messageId + " on beta").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    for (JsonNode m : bob.get("/api/v1/im.history?roomId=" + roomId).expectOk().path("messages")) {
                        if (m.path("_id").asText().equals(messageId)) {
                            return m;
                        }
                    }
                    return null;
                }, m -> m != null);
    }

    private static byte[] download(ApiClient client, String link) throws Exception {
        HttpResponse<byte[]> r = client.raw(client.request(link).GET());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    @Test
    void aFileAndAnImageArriveAsLocalCopiesWithRewrittenLinks() throws Exception {
        byte[] notes = new byte[300_000];
        new Random(5).nextBytes(notes);
        JsonNode sent = upload("notes.bin", "application/octet-stream", notes);
        String remoteId = sent.path("file").path("_id").asText();

        JsonNode received = onBeta(sent.path("_id").asText());
        String localId = received.path("file").path("_id").asText();
        assertThat(localId).isNotBlank().isNotEqualTo(remoteId);
        String link = received.path("attachments").get(0).path("title_link").asText();
        assertThat(link).startsWith("/file-upload/" + localId + "/").doesNotContain(remoteId);
        assertThat(download(bob, link)).isEqualTo(notes);

        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB), "png", png);
        JsonNode image = onBeta(upload("dot.png", "image/png", png.toByteArray()).path("_id").asText());
        JsonNode attachment = image.path("attachments").get(0);
        String imageId = image.path("file").path("_id").asText();
        assertThat(attachment.path("image_url").asText()).startsWith("/file-upload/" + imageId + "/");
        assertThat(attachment.path("image_dimensions").path("width").asInt()).isEqualTo(4);
        assertThat(download(bob, attachment.path("image_url").asText())).isEqualTo(png.toByteArray());
    }

    @Test
    void alphaServesAFileOnlyToADomainOfItsRoom() throws Exception {
        JsonNode sent = upload("private.txt", "text/plain", "for bob only".getBytes());
        String fileId = sent.path("file").path("_id").asText();
        onBeta(sent.path("_id").asText());
        String url = servers.server("alpha.test").url() + "/api/v1/federation.uploads?upload_id=" + fileId;

        // gamma takes part in no room of alpha: the same answer as for a file that does not exist
        HttpResponse<String> stranger = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("x-federation-domain", "gamma.test")
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(stranger.statusCode()).isEqualTo(400);
        assertThat(stranger.body()).contains("There is no such file in this server");

        // someone claiming to be beta, signing with another key (gamma's), is refused
        String forged = RequestProof.sign(servers.server("gamma.test").server().keys().privateKey(),
                new RequestProof.Signed("beta.test", "alpha.test", "GET", "/api/v1/federation.uploads", Map.of("upload_id", fileId),
                        new byte[0]), System.currentTimeMillis());
        HttpResponse<String> impostor = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("x-federation-domain", "beta.test")
                .header(RequestProof.HEADER, forged).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(impostor.statusCode()).isEqualTo(403);

        // with the admin's setting, a claim without proof (a Rocket.Chat peer) is not enough
        servers.server("alpha.test").admin().post("/api/v1/settings/FEDERATION_Uploads_Require_Proof", obj("value", true)).expectOk();
        HttpResponse<String> unproven = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("x-federation-domain", "beta.test")
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unproven.statusCode()).isEqualTo(403);
        // beta's own request carries its proof and still works
        JsonNode proofed = onBeta(upload("after.txt", "text/plain", "still works".getBytes()).path("_id").asText());
        assertThat(download(bob, proofed.path("attachments").get(0).path("title_link").asText())).isEqualTo("still works".getBytes());
        servers.server("alpha.test").admin().post("/api/v1/settings/FEDERATION_Uploads_Require_Proof", obj("value", false)).expectOk();
    }
}
