package dev.fedchat.protocol.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fedchat.protocol.testing.StandInHub;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The hub client against a stand-in hub: what it sends, and what each kind of failure says. */
@Timeout(20)
class HubClientTest {
    private static final String KEY = "-----BEGIN PUBLIC KEY-----MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAtest-----END PUBLIC KEY-----";

    private final StandInHub hub = new StandInHub();
    private final HubClient client = new HubClient();

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void register_postsDomainUrlAndKey_withTheDomainHeader_unencrypted() throws IOException {
        client.register(hub.uri(), "alpha.example", "https://chat.alpha.example", KEY);

        assertThat(hub.requests()).hasSize(1);
        StandInHub.Request sent = hub.requests().get(0);
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/api/v1/peers");
        assertThat(sent.headers()).containsEntry("x-federation-domain", "alpha.example")
                .containsEntry("content-type", "application/json");
        assertThat(sent.body()).isEqualTo("{\"domain\":\"alpha.example\",\"url\":\"https://chat.alpha.example\","
                + "\"public_key\":\"" + KEY + "\"}");
        assertThat(new ObjectMapper().readTree(sent.body()).size()).isEqualTo(3);
    }

    @Test
    void register_acceptsAny2xx_whateverTheBody() {
        hub.answer(201, "not even json");

        assertThat(client.register(hub.uri(), "alpha.example", "https://chat.alpha.example", KEY)).isEmpty();

        assertThat(hub.requests()).hasSize(1);
    }

    @Test
    void register_returnsWhatTheHubSaidOfIt() {
        hub.answer(200, "{\"success\":true,\"message\":\"a confirmation link was mailed to webmaster@alpha.example\"}");

        assertThat(client.register(hub.uri(), "alpha.example", "https://chat.alpha.example", KEY))
                .isEqualTo("a confirmation link was mailed to webmaster@alpha.example");
        hub.accept(); // Rocket.Chat's answer: no words
        assertThat(client.register(hub.uri(), "alpha.example", "https://chat.alpha.example", KEY)).isEmpty();
    }

    @Test
    void register_dropsTrailingSlashesOfTheHubUrl() {
        client.register(URI.create(hub.uri() + "///"), "alpha.example", "https://chat.alpha.example", KEY);

        assertThat(hub.requests().get(0).path()).isEqualTo("/api/v1/peers");
    }

    @Test
    void register_answered503_saysTheRequestTheStatusAndAnExcerptOfTheBody() {
        hub.answer(503, "<html>\n  <h1>Service   Unavailable</h1>\n</html>");

        assertThatThrownBy(() -> client.register(hub.uri(), "alpha.example", "https://chat.alpha.example", KEY))
                .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.reason()).isEqualTo(HubException.Reason.HTTP_ERROR))
                .hasMessage("POST " + hub.uri() + "/api/v1/peers answered HTTP 503: <html> <h1>Service Unavailable</h1> </html>");
    }

    @Test
    void register_answered400_isAnHttpError_andALongBodyIsCut() {
        hub.answer(400, "x".repeat(5000));

        assertThatThrownBy(() -> client.register(hub.uri(), "alpha.example", "https://chat.alpha.example", KEY))
                .isInstanceOfSatisfying(HubException.class, e -> {
                    assertThat(e.reason()).isEqualTo(HubException.Reason.HTTP_ERROR);
                    assertThat(e.getMessage()).contains("answered HTTP 400: xxx").endsWith("x…")
                            .hasSizeLessThan(HubClient.EXCERPT_CHARS + 100);
                });
    }

    @Test
    void register_answeredWithARedirect_namesWhereTo_withoutFollowing() {
        hub.answer(301, "", Map.of("Location", "https://hub.example/api/v1/peers"));

        assertThatThrownBy(() -> client.register(hub.uri(), "alpha.example", "https://chat.alpha.example", KEY))
                .isInstanceOf(HubException.class)
                .hasMessageContaining("HTTP 301 (a redirect to https://hub.example/api/v1/peers")
                .hasMessageContaining("empty body");
        assertThat(hub.requests()).hasSize(1);
    }

    @Test
    void register_whereNobodyListens_saysTheConnectionWasRefused() throws IOException {
        URI nobody = closedPort();

        assertThatThrownBy(() -> client.register(nobody, "alpha.example", "https://chat.alpha.example", KEY))
                .isInstanceOfSatisfying(HubException.class,
                        e -> assertThat(e.reason()).isEqualTo(HubException.Reason.CONNECTION_FAILED))
                .hasMessage("could not connect to " + nobody + ": connection refused");
    }

    @Test
    void register_toAHubThatDoesNotAnswer_timesOut_sayingHowLongItWaited() {
        HubClient impatient = new HubClient(Duration.ofSeconds(2), Duration.ofMillis(200));
        hub.holdAnswers();

        assertThatThrownBy(() -> impatient.register(hub.uri(), "alpha.example", "https://chat.alpha.example", KEY))
                .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.reason()).isEqualTo(HubException.Reason.TIMEOUT))
                .hasMessage("POST " + hub.uri() + "/api/v1/peers got no answer within 200 ms");
    }

    @Test
    void aHubUrlThatIsNotHttp_isRefusedBeforeAnythingIsSent() {
        for (String bad : new String[] {"hub.example", "ftp://hub.example", "/api"}) {
            assertThatThrownBy(() -> client.register(URI.create(bad), "alpha.example", "https://chat.alpha.example", KEY))
                    .as(bad)
                    .isInstanceOfSatisfying(HubException.class,
                            e -> assertThat(e.reason()).isEqualTo(HubException.Reason.INVALID_URL))
                    .hasMessageContaining("'" + bad + "' is not an http(s) URL");
        }
    }

    @Test
    void lookup_returnsThePeersUrlAndKey() {
        hub.answer(200, "{\"peer\":{\"domain\":\"beta.example\",\"url\":\"https://beta.example/chat\",\"public_key\":\"" + KEY
                + "\"},\"success\":true}");

        HubPeer peer = client.lookup(URI.create(hub.uri() + "/"), "beta.example");

        assertThat(peer).isEqualTo(new HubPeer("https://beta.example/chat", KEY));
        StandInHub.Request sent = hub.requests().get(0);
        assertThat(sent.method()).isEqualTo("GET");
        assertThat(sent.path()).isEqualTo("/api/v1/peers?search=beta.example");
    }

    @Test
    void lookup_answered404_isPeerNotFound() {
        hub.answer(404, "{\"success\":false}");

        assertThatThrownBy(() -> client.lookup(hub.uri(), "beta.example"))
                .isInstanceOfSatisfying(HubException.class,
                        e -> assertThat(e.reason()).isEqualTo(HubException.Reason.PEER_NOT_FOUND))
                .hasMessageStartingWith("the hub " + hub.uri() + " does not know beta.example: GET ")
                .hasMessageContaining("HTTP 404");
    }

    @Test
    void lookup_answeredWithoutPeer_isPeerNotFound() {
        for (String body : new String[] {"{\"success\":true}", "{\"peer\":null}"}) {
            hub.answer(200, body);
            assertThatThrownBy(() -> client.lookup(hub.uri(), "beta.example"))
                    .as(body)
                    .isInstanceOfSatisfying(HubException.class,
                            e -> assertThat(e.reason()).isEqualTo(HubException.Reason.PEER_NOT_FOUND))
                    .hasMessageContaining("answered without \"peer\"");
        }
    }

    @Test
    void lookup_answeredWithSomethingElse_isABadAnswer_sayingWhat() {
        Map<String, String> cases = Map.of(
                "<html>oops</html>", "not JSON",
                "", "other than a JSON object",
                "[1,2]", "other than a JSON object",
                "{\"peer\":{\"url\":\"https://beta.example\"}}", "lacks \"url\" or \"public_key\"",
                "{\"peer\":\"beta\"}", "lacks \"url\" or \"public_key\"");
        cases.forEach((body, words) -> {
            hub.answer(200, body);
            assertThatThrownBy(() -> client.lookup(hub.uri(), "beta.example"))
                    .as(body)
                    .isInstanceOfSatisfying(HubException.class,
                            e -> assertThat(e.reason()).isEqualTo(HubException.Reason.BAD_ANSWER))
                    .hasMessageContaining(words);
        });
    }

    @Test
    void lookup_answered500_isAnHttpError() {
        hub.answer(500, "boom");

        assertThatThrownBy(() -> client.lookup(hub.uri(), "beta.example"))
                .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.reason()).isEqualTo(HubException.Reason.HTTP_ERROR))
                .hasMessage("GET " + hub.uri() + "/api/v1/peers?search=beta.example answered HTTP 500: boom");
    }

    @Test
    void lookup_whereNobodyListens_saysTheConnectionWasRefused() throws IOException {
        URI nobody = closedPort();

        assertThatThrownBy(() -> client.lookup(nobody, "beta.example"))
                .isInstanceOfSatisfying(HubException.class,
                        e -> assertThat(e.reason()).isEqualTo(HubException.Reason.CONNECTION_FAILED))
                .hasMessage("could not connect to " + nobody + ": connection refused");
    }

    @Test
    void timeoutsMustBePositive() {
        assertThatThrownBy(() -> new HubClient(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
    }

    /** A loopback port that was free a moment ago and has nobody listening now. */
    private static URI closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
    }
}
