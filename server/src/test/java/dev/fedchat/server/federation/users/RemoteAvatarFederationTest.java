package dev.fedchat.server.federation.users;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.FederatedServers;
import dev.fedchat.server.testing.Multipart;
import dev.fedchat.server.testing.Pngs;
import dev.fedchat.server.testing.RecordingProxy;
import dev.fedchat.server.testing.TestServer;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A remote user's picture between two real servers: beta serves alice@alpha.test's uploaded
 * avatar from its own copy, fetched from alpha once, whatever the number of views. Every request
 * beta sends alpha goes through a {@link RecordingProxy}, which counts them.
 */
class RemoteAvatarFederationTest {
    private static FederatedServers servers;
    private static TestServer alpha;
    private static TestServer beta;
    private static RecordingProxy wiretap;
    private static ApiClient bob;

    @BeforeAll
    static void start() {
        servers = FederatedServers.start("alpha.test", "beta.test");
        alpha = servers.server("alpha.test");
        beta = servers.server("beta.test");
        wiretap = RecordingProxy.to(alpha.url());
        servers.publish("alpha.test", wiretap.port(), alpha.server().keys().publicPem());
        bob = beta.newUser("bob");
    }

    @AfterAll
    static void stop() {
        servers.close();
        wiretap.close();
    }

    @Test
    void betaServesAlicesUploadedAvatar_fromItsCopy_fetchedFromAlphaOnce() {
        ApiClient alice = alpha.newUser("alice");
        alice.send(new Multipart().file("image", "me.png", "image/png", Pngs.image(64, 64, Color.RED, Color.BLUE, "png"))
                .applyTo(alice.request("/api/v1/users.setAvatar"))).expectOk();
        beta.server().remoteUsers().importUser("alice@alpha.test");

        // the first view starts the fetch and shows the initials meanwhile
        HttpResponse<byte[]> first = view("alice@alpha.test");
        assertThat(first.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("image/svg+xml"));
        assertThat(first.headers().firstValue("Cache-Control")).hasValue("public, max-age=60");
        Awaitility.await("alice's picture on beta").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> view("alice@alpha.test").headers().firstValue("Content-Type").orElse("").equals("image/png"));
        for (int i = 0; i < 20; i++) {
            assertThat(view("alice@alpha.test").statusCode()).isEqualTo(200);
        }

        assertThat(avatarRequestsToAlpha()).as("requests for alice's avatar that reached alpha").isEqualTo(1);
        BufferedImage served = Pngs.read(view("alice@alpha.test").body());
        assertThat(new Color(served.getRGB(5, 32)).getRed()).isGreaterThan(200);
        assertThat(new Color(served.getRGB(58, 32)).getBlue()).isGreaterThan(200);
        assertThat(bob.get("/api/v1/users.info?username=alice@alpha.test").expectOk().path("user").path("avatarETag")
                .asText()).hasSize(32);
    }

    @Test
    void aRemoteUserWithoutPicture_keepsTheInitials_andIsNotAskedAgainPerView() {
        alpha.newUser("carla");
        beta.server().remoteUsers().importUser("carla@alpha.test");

        view("carla@alpha.test");
        Awaitility.await("beta asked alpha for carla's avatar").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> countAvatarRequests("/avatar/carla") == 1 && checked("carla@alpha.test"));
        for (int i = 0; i < 10; i++) {
            assertThat(view("carla@alpha.test").headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("image/svg+xml"));
        }

        assertThat(countAvatarRequests("/avatar/carla")).isEqualTo(1);
    }

    @Test
    void aUserTheServerDoesNotKnow_getsInitials_andNoServerIsAsked() {
        int before = wiretap.captured().size();

        HttpResponse<byte[]> r = view("nobody@alpha.test");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(wiretap.captured()).hasSize(before);
    }

    private static boolean checked(String username) {
        String id = beta.server().users().requireByUsername(username).id();
        return beta.server().users().byId(id).isPresent() && RemoteAvatarChecks.exists(beta, id);
    }

    private static long avatarRequestsToAlpha() {
        return countAvatarRequests("/avatar/alice");
    }

    private static int countAvatarRequests(String prefix) {
        return (int) wiretap.captured().stream().filter(c -> c.pathAndQuery().startsWith(prefix + "?")).count();
    }

    private static HttpResponse<byte[]> view(String username) {
        return bob.raw(bob.request("/avatar/" + username).GET());
    }
}
