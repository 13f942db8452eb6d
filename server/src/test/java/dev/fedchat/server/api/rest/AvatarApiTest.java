package dev.fedchat.server.api.rest;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.ApiResponse;
import dev.fedchat.server.testing.Multipart;
import dev.fedchat.server.testing.Pngs;
import dev.fedchat.server.testing.StateSnapshot;
import dev.fedchat.server.testing.TestServer;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /avatar/...}, {@code users.setAvatar}, {@code users.resetAvatar} and {@code users.getAvatar}, as Rocket.Chat shapes them. */
class AvatarApiTest {
    private static TestServer server;
    private static ApiClient admin;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        admin = server.admin();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aUserWithoutPicture_getsColouredInitialsAsSvg_asRocketChatDrawsThem() {
        server.newUser("olga");

        HttpResponse<byte[]> r = get("/avatar/olga", null);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("image/svg+xml"));
        String svg = new String(r.body(), StandardCharsets.UTF_8);
        // "olga" has 4 characters: Rocket.Chat's fifth colour; the letter is the first one, upper-cased
        assertThat(svg).contains("fill=\"#10529E\"").contains("\nO\n").contains("viewBox=\"0 0 200 200\"");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("public, max-age=3600");
        assertThat(r.headers().firstValue("Content-Security-Policy")).hasValue("default-src 'none'");
    }

    @Test
    void aNameWithMarkup_neverPutsMarkupIntoTheSvg() {
        HttpResponse<byte[]> r = get("/avatar/%3Cscript%3Ealert(1)%3C%2Fscript%3E", null);

        String svg = new String(r.body(), StandardCharsets.UTF_8);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(svg).doesNotContain("<script").doesNotContain("alert").contains("\nS\n");
    }

    @Test
    void formatAndSize_giveAPictureOfThatSize_inThatFormat() {
        server.newUser("pavel");

        BufferedImage png = Pngs.read(get("/avatar/pavel?format=png&size=64", null).body());
        HttpResponse<byte[]> jpeg = get("/avatar/pavel?format=jpeg&size=5000", null);

        assertThat(png.getWidth()).isEqualTo(64);
        // five characters: the sixth colour
        assertThat(new Color(png.getRGB(2, 2))).isEqualTo(Color.decode("#6C727A"));
        assertThat(jpeg.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(Pngs.read(jpeg.body()).getWidth()).as("clamped to 1024, as Rocket.Chat does").isEqualTo(1024);
        assertThat(get("/avatar/pavel?format=tiff", null).statusCode()).isEqualTo(400);
    }

    @Test
    void theEtag_answers304_whenTheClientHasIt_andChangesWithThePicture() {
        ApiClient quinn = server.newUser("quinn");
        String etag = get("/avatar/quinn", null).headers().firstValue("ETag").orElseThrow();

        assertThat(get("/avatar/quinn", etag).statusCode()).isEqualTo(304);
        assertThat(get("/avatar/quinn", etag).body()).isEmpty();

        upload(quinn, Pngs.image(40, 40, Color.RED, Color.BLUE, "png")).expectOk();
        HttpResponse<byte[]> after = get("/avatar/quinn", etag);
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(after.headers().firstValue("ETag")).isPresent().get().isNotEqualTo(etag);
    }

    @Test
    void anUploadedPicture_isCroppedSquare_reEncoded_andServedWithItsEtagOnTheUser() {
        ApiClient rosa = server.newUser("rosa");

        upload(rosa, Pngs.image(300, 200, Color.RED, Color.BLUE, "jpeg")).expectOk();

        String avatarEtag = admin.get("/api/v1/users.info?username=rosa").expectOk().path("user").path("avatarETag").asText();
        assertThat(avatarEtag).hasSize(32);
        assertThat(rosa.get("/api/v1/me").expectOk().path("avatarETag").asText()).isEqualTo(avatarEtag);
        HttpResponse<byte[]> served = get("/avatar/rosa?size=100", null);
        assertThat(served.headers().firstValue("Content-Type")).hasValue("image/png");
        BufferedImage image = Pngs.read(served.body());
        assertThat(image.getWidth()).isEqualTo(100);
        assertThat(image.getHeight()).isEqualTo(100);
        // the centred 200x200 square of a red|blue picture: red on the left, blue on the right
        assertThat(new Color(image.getRGB(5, 50)).getRed()).isGreaterThan(200);
        assertThat(new Color(image.getRGB(95, 50)).getBlue()).isGreaterThan(200);
        assertThat(Pngs.read(get("/avatar/uid/" + rosa.userId(), null).body()).getWidth()).isEqualTo(200);
        assertThat(get("/avatar/@rosa", null).headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("image/svg+xml"));
    }

    @Test
    void whatIsNotAPicture_isRefused_andNothingChanges() {
        ApiClient sven = server.newUser("sven");
        upload(sven, Pngs.image(20, 20, Color.GREEN, Color.GREEN, "png")).expectOk();
        StateSnapshot before = StateSnapshot.of(server);

        upload(sven, "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"
                .getBytes(StandardCharsets.UTF_8)).expectErrorType("error-invalid-image");
        upload(sven, "just text".getBytes(StandardCharsets.UTF_8)).expectErrorType("error-invalid-image");
        byte[] truncated = Pngs.image(64, 64, Color.RED, Color.BLUE, "png");
        upload(sven, java.util.Arrays.copyOf(truncated, truncated.length / 2)).expectErrorType("error-invalid-image");
        JsonBody bomb = new JsonBody(upload(sven, Pngs.bomb(100_000, 100_000)).expectErrorType("error-invalid-image").toString());
        upload(sven, Pngs.image(5000, 10, Color.RED, Color.BLUE, "png")).expectErrorType("error-invalid-image");
        upload(sven, new byte[(int) AvatarRoutes.MAX_IMAGE_BYTES + 1]).expectErrorType("error-file-too-large");
        sven.post("/api/v1/users.setAvatar", obj("avatarUrl", "http://127.0.0.1:22/")).expectErrorType("error-not-allowed");
        sven.post("/api/v1/users.setAvatar", obj()).expectErrorType("invalid-params");

        assertThat(bomb.text()).contains("100000x100000");
        StateSnapshot.of(server).assertUnchangedSince(before);
    }

    @Test
    void onlyAnAdmin_mayChangeAnotherUsersPicture() {
        ApiClient tom = server.newUser("tom");
        ApiClient uma = server.newUser("uma");
        StateSnapshot before = StateSnapshot.of(server);

        send(uma, new Multipart().field("username", "tom").file("image", "a.png", "image/png",
                Pngs.image(20, 20, Color.RED, Color.RED, "png"))).expectErrorType("error-not-allowed");
        uma.post("/api/v1/users.resetAvatar", obj("userId", tom.userId())).expectErrorType("error-not-allowed");
        StateSnapshot.of(server).assertUnchangedSince(before);

        send(admin, new Multipart().field("userId", tom.userId()).file("image", "a.png", "image/png",
                Pngs.image(20, 20, Color.RED, Color.RED, "png"))).expectOk();
        assertThat(admin.get("/api/v1/users.info?username=tom").expectOk().path("user").has("avatarETag")).isTrue();
        admin.post("/api/v1/users.resetAvatar", obj("username", "tom")).expectOk();
        assertThat(admin.get("/api/v1/users.info?username=tom").expectOk().path("user").has("avatarETag")).isFalse();
        assertThat(get("/avatar/tom", null).headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("image/svg+xml"));
        admin.post("/api/v1/users.resetAvatar", obj("username", "nobody-here")).expectErrorType("error-invalid-user");
    }

    @Test
    void getAvatar_redirectsToTheSitesAvatarUrl() {
        ApiClient vera = server.newUser("vera");

        HttpResponse<byte[]> r = raw(server.client().request("/api/v1/users.getAvatar?userId=" + vera.userId()).GET());

        assertThat(r.statusCode()).isEqualTo(307);
        assertThat(r.headers().firstValue("Location")).hasValue("http://localhost:3000/avatar/vera");
        server.client().get("/api/v1/users.getAvatar").expectErrorType("error-user-param-not-provided");
    }

    @Test
    void aChannel_hasItsInitials_andAnUnknownRoomIs404() {
        admin.post("/api/v1/channels.create", obj("name", "kitchen")).expectOk();
        String rid = admin.get("/api/v1/channels.info?roomName=kitchen").expectOk().path("channel").path("_id").asText();

        String svg = new String(get("/avatar/room/" + rid, null).body(), StandardCharsets.UTF_8);

        assertThat(svg).contains("\nK\n");
        assertThat(get("/avatar/room/no-such-room", null).statusCode()).isEqualTo(404);
    }

    private record JsonBody(String text) {}

    private static ApiResponse upload(ApiClient client, byte[] image) {
        return send(client, new Multipart().file("image", "avatar.png", "image/png", image));
    }

    private static ApiResponse send(ApiClient client, Multipart form) {
        return client.send(form.applyTo(client.request("/api/v1/users.setAvatar")));
    }

    private static HttpResponse<byte[]> get(String path, String ifNoneMatch) {
        HttpRequest.Builder b = server.client().request(path).GET();
        if (ifNoneMatch != null) {
            b.header("If-None-Match", ifNoneMatch);
        }
        return raw(b);
    }

    private static HttpResponse<byte[]> raw(HttpRequest.Builder b) {
        return server.client().raw(b);
    }
}
