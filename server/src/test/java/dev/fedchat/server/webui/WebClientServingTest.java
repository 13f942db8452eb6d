package dev.fedchat.server.webui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.ApiResponse;
import dev.fedchat.server.testing.TestServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The web client's files come from the jar at {@code /}, beside an API that answers as before. */
class WebClientServingTest {
    private static final String SVG_NAMESPACE = "'http://www.w3.org/2000/svg'";

    private static TestServer server;
    private static ApiClient anonymous;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        anonymous = server.client();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theRoot_isTheWebClientPage_loadingItsModules() {
        ApiResponse page = anonymous.get("/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.text()).contains("<script type=\"module\" src=\"/js/app.js\"></script>", "id=\"login-form\"");
    }

    @Test
    void everyModule_isServedAsJavaScript_andNothingComesFromElsewhere() {
        for (String module : List.of("app", "rest", "ddp", "dom", "names", "login", "rooms", "messages", "message-item", "search", "groups",
                "admin-graph", "graph-layout")) {
            ApiResponse js = anonymous.get("/js/" + module + ".js");
            assertThat(js.status()).as(module).isEqualTo(200);
            assertThat(js.headers().firstValue("Content-Type")).as(module)
                    .hasValueSatisfying(t -> assertThat(t).contains("javascript"));
            // no CDN, no absolute URL: the client loads only from the server that served it (the
            // SVG namespace only looks like one: it is a name, never fetched)
            assertThat(js.text().replace(SVG_NAMESPACE, "")).as(module).doesNotContain("http://", "https://");
        }
        assertThat(anonymous.get("/app.css").status()).isEqualTo(200);
    }

    @Test
    void theApi_stillAnswersBesideTheStaticFiles() {
        assertThat(anonymous.get("/api/info").expectOk().path("version").asText()).isNotBlank();
        assertThat(anonymous.get("/api/v1/me").expectError(401).path("error").asText()).isEqualTo("You must be logged in to do this.");
        assertThat(anonymous.get("/no-such-page.html").status()).isEqualTo(404);
    }
}
