package dev.fedchat.server.webui;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.Json;
import dev.fedchat.server.testing.TestServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Logging in and out of the web client on one server, and errors shown in the API's own words. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WebClientSessionTest {
    private static final String SESSION_KEY = "fedchat.session";
    private static final String SITE_NAME = "Team Chat";

    private static TestServer server;
    private static ApiClient carol;
    private static String announcements;

    @RegisterExtension
    final Browsers browsers = new Browsers();

    @BeforeAll
    static void start() {
        server = TestServer.start(c -> c.withSettingOverrides(Map.of("Site_Name", SITE_NAME)));
        carol = server.newUser("carol");
        server.admin().post("/api/v1/channels.create", obj("name", "town-square", "members", List.of("carol"))).expectOk();
        announcements = server.admin().post("/api/v1/channels.create", obj("name", "announcements", "readOnly", true,
                "members", List.of("carol"))).expectOk().path("channel").path("_id").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aWrongPassword_isRefusedInTheApisWords() {
        ChatPage page = new ChatPage(browsers.start("carol")).submitLogin(server.url(), "carol", "not-her-password");

        String apiSays = server.client().post("/api/v1/login", obj("user", "carol", "password", "not-her-password"))
                .expectError(401).path("error").asText();
        assertThat(page.error()).isEqualTo(apiSays);
        assertThat(page.stored(SESSION_KEY)).isNull();
    }

    @Test
    void theLoginSurvivesAReload_andLogoutEndsItOnTheServer() {
        ChatPage page = new ChatPage(browsers.start("carol")).logIn(server.url(), "carol", "carol-pass");
        assertThat(page.title()).isEqualTo(SITE_NAME); // the workspace's name, from its public settings
        page.reload(); // the token is kept in localStorage: still the chat, live again
        JsonNode session = Json.read(page.stored(SESSION_KEY));
        ApiClient asThePage = server.client().withCredentials(session.path("userId").asText(), session.path("authToken").asText());
        assertThat(asThePage.get("/api/v1/me").expectOk().path("username").asText()).isEqualTo("carol");

        page.logOut();

        assertThat(page.stored(SESSION_KEY)).isNull();
        asThePage.get("/api/v1/me").expectError(401);
    }

    @Test
    void afterAServerRestart_theLiveConnectionComesBack_andCatchesUp() {
        ChatPage page = new ChatPage(browsers.start("carol")).logIn(server.url(), "carol", "carol-pass");
        page.openRoom("town-square");

        server.stop();
        page.awaitLiveStatus("offline, reconnecting");
        server.restart();
        // posted at once: the page sees it live if it is back already, or fetches it when it is
        ApiClient admin = server.admin();
        admin.post("/api/v1/chat.postMessage", obj("channel", "#town-square", "text", "posted while you were away")).expectOk();
        page.message("posted while you were away");
        page.awaitLiveStatus("live");
        admin.post("/api/v1/chat.postMessage", obj("channel", "#town-square", "text", "and this one live")).expectOk();
        page.message("and this one live");
    }

    @Test
    void aMessageTheServerRefuses_isShownInItsWords() {
        ChatPage page = new ChatPage(browsers.start("carol")).logIn(server.url(), "carol", "carol-pass");
        page.openRoom("announcements");
        page.send("may I?");

        String apiSays = carol.post("/api/v1/chat.sendMessage", obj("message", obj("rid", announcements, "msg", "may I?")))
                .expectError(400).path("error").asText();
        assertThat(page.error()).isEqualTo(apiSays);
    }
}
