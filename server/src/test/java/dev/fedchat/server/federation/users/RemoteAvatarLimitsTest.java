package dev.fedchat.server.federation.users;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.FederatedServers;
import dev.fedchat.server.testing.Pngs;
import dev.fedchat.server.testing.StandInPeer;
import dev.fedchat.server.testing.TestServer;
import java.awt.Color;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a hostile or broken home server can do to our copy of its users' pictures: nothing but
 * keep the initials. A huge answer, a non-image, a picture that is not one, a decompression bomb
 * or a body that never ends is refused, logged as the row's {@code last_error}, and asked again
 * only after the retry wait, never per view.
 */
class RemoteAvatarLimitsTest {
    private static FederatedServers servers;
    private static TestServer beta;
    private static StandInPeer gamma;
    private static ApiClient bob;

    @BeforeAll
    static void start() {
        servers = FederatedServers.start("beta.test");
        beta = servers.server("beta.test");
        gamma = new StandInPeer();
        servers.publish("gamma.test", gamma);
        bob = beta.newUser("bob");
    }

    @AfterAll
    static void stop() {
        servers.close();
        gamma.close();
    }

    @Test
    void aHugeAnswer_isCutOffAtTheBound() {
        gamma.serve("/avatar/huge", 200, "image/png", new byte[2 * 1024 * 1024]);

        assertThat(refusedAfterOneRequest("huge")).contains("more than 1048576 bytes");
    }

    @Test
    void anAnswerThatIsNotAPicture_isRefused() {
        gamma.serve("/avatar/page", 200, "text/html", "<html><script>x()</script></html>".getBytes(StandardCharsets.UTF_8));

        assertThat(refusedAfterOneRequest("page")).contains("'text/html'").contains("not a PNG, JPEG or GIF");
    }

    @Test
    void bytesThatOnlyClaimToBeAPicture_areRefused() {
        gamma.serve("/avatar/liar", 200, "image/png", "not a png at all".getBytes(StandardCharsets.UTF_8));

        assertThat(refusedAfterOneRequest("liar")).contains("does not accept");
    }

    @Test
    void aDecompressionBomb_isRefusedByItsHeader() {
        gamma.serve("/avatar/bomb", 200, "image/png", Pngs.bomb(60_000, 60_000));

        assertThat(refusedAfterOneRequest("bomb")).contains("60000x60000");
    }

    @Test
    void aSlowPeer_isCutOffAfterTheTimeout() {
        gamma.stall("/avatar/slow", "image/png", Pngs.image(64, 64, Color.RED, Color.RED, "png"));

        assertThat(refusedAfterOneRequest("slow")).contains("did not arrive whole within 5 s");
    }

    @Test
    void aWellFormedPicture_fromAStandInPeer_isKept() {
        gamma.serve("/avatar/fine", 200, "image/jpeg", Pngs.image(32, 32, Color.BLUE, Color.BLUE, "jpeg"));
        importUser("fine");

        view("fine");
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> view("fine").headers().firstValue("Content-Type").orElse("").equals("image/png"));

        assertThat(new Color(Pngs.read(view("fine").body()).getRGB(16, 16)).getBlue()).isGreaterThan(200);
        assertThat(RemoteAvatarChecks.of(beta, userId("fine")).failures()).isZero();
    }

    /** Imports {@code name}@gamma.test, views its avatar until the fetch failed, then ten times more; returns the error kept. */
    private static String refusedAfterOneRequest(String name) {
        importUser(name);
        long asked = System.currentTimeMillis();

        assertThat(view(name).headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("image/svg"));
        Awaitility.await("the failed fetch of " + name).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> RemoteAvatarChecks.of(beta, userId(name)) != null);
        for (int i = 0; i < 10; i++) {
            assertThat(view(name).headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("image/svg"));
        }

        RemoteAvatarChecks.Check check = RemoteAvatarChecks.of(beta, userId(name));
        assertThat(check.failures()).isEqualTo(1);
        assertThat(check.nextCheckAt()).as("asked again in ten minutes, not per view")
                .isGreaterThanOrEqualTo(asked + Duration.ofMinutes(10).toMillis());
        assertThat(gamma.requests().stream().filter(r -> r.path().equals("/avatar/" + name))).hasSize(1);
        assertThat(beta.server().users().requireByUsername(name + "@gamma.test").avatarEtag()).isNull();
        return check.lastError();
    }

    private static void importUser(String name) {
        gamma.answer("federation.users.getByUsername", 200, StandInPeer.userAnswer("id-" + name, name + "@gamma.test",
                name.toUpperCase(), "gamma.test"));
        beta.server().remoteUsers().importUser(name + "@gamma.test");
    }

    private static String userId(String name) {
        return beta.server().users().requireByUsername(name + "@gamma.test").id();
    }

    private static HttpResponse<byte[]> view(String name) {
        return bob.raw(bob.request("/avatar/" + name + "@gamma.test").GET());
    }
}
