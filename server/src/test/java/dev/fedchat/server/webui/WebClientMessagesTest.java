package dev.fedchat.server.webui;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.Multipart;
import dev.fedchat.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Editing, deleting and reacting in the web client, and scrolling back through a long history. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WebClientMessagesTest {
    private static final int HISTORY_SIZE = 120;

    private static TestServer server;
    private static ApiClient dave;
    private static ApiClient erin;
    private static String lounge;
    private static String archive;

    @RegisterExtension
    final Browsers browsers = new Browsers();

    @BeforeAll
    static void start() {
        server = TestServer.start();
        ApiClient admin = server.admin();
        dave = server.newUser("dave");
        erin = server.newUser("erin");
        lounge = admin.post("/api/v1/channels.create", obj("name", "lounge", "members", List.of("dave", "erin")))
                .expectOk().path("channel").path("_id").asText();
        admin.post("/api/v1/channels.create", obj("name", "plaza-news")).expectOk();
        archive = admin.post("/api/v1/channels.create", obj("name", "archive", "members", List.of("dave")))
                .expectOk().path("channel").path("_id").asText();
        for (int i = 0; i < HISTORY_SIZE; i++) {
            admin.post("/api/v1/chat.postMessage", obj("roomId", archive, "text", String.format("message %03d", i))).expectOk();
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void daveEditsAndDeletesHisMessage_reactsToErins_andSeesHersChangeLive() {
        ChatPage dave = new ChatPage(browsers.start("dave")).logIn(server.url(), "dave", "dave-pass");
        dave.openRoom("lounge");

        dave.send("frist post");
        dave.act("frist post", "Edit");
        assertThat(dave.composerText()).isEqualTo("frist post"); // the composer now edits it
        dave.replaceComposerText("first post");
        assertThat(dave.message("first post").getText()).contains("(edited)");
        assertThat(texts(erin.get("/api/v1/channels.history?roomId=" + lounge).expectOk())).contains("first post")
                .doesNotContain("frist post");

        String erins = erin.post("/api/v1/chat.sendMessage", obj("message", obj("rid", lounge, "msg", "hello dave")))
                .expectOk().path("message").path("_id").asText();
        dave.act("hello dave", "React with :+1:");
        assertThat(dave.reactionLabel("hello dave", ":+1:", "1 so far: dave")).isNotBlank();
        JsonNode reacted = erin.get("/api/v1/chat.getMessage?msgId=" + erins).expectOk().path("message");
        assertThat(reacted.path("reactions").path(":+1:").path("usernames").toString()).contains("dave");

        erin.post("/api/v1/chat.update", obj("roomId", lounge, "msgId", erins, "text", "hello again, dave")).expectOk();
        dave.message("hello again, dave");
        erin.post("/api/v1/chat.delete", obj("roomId", lounge, "msgId", erins)).expectOk();
        dave.waitUntilGone("hello again, dave");

        dave.act("first post", "Delete");
        dave.waitUntilGone("first post");
        assertThat(texts(erin.get("/api/v1/channels.history?roomId=" + lounge).expectOk())).doesNotContain("first post");
    }

    @Test
    void scrollingUp_loadsOlderHistoryPageByPage_inOrder() {
        ChatPage dave = new ChatPage(browsers.start("dave")).logIn(server.url(), "dave", "dave-pass");
        dave.openRoom("archive");
        dave.message(String.format("message %03d", HISTORY_SIZE - 1));
        assertThat(dave.messageTexts()).doesNotContain("message 000");

        dave.scrollBackTo("message 000");

        List<String> expected = new ArrayList<>();
        for (int i = 0; i < HISTORY_SIZE; i++) {
            expected.add(String.format("message %03d", i));
        }
        assertThat(dave.messageTexts()).containsExactlyElementsOf(expected);
    }

    @Test
    void aFileInTheRoom_isDownloadedWithTheSessionsCredentials() {
        byte[] notes = "minutes of the meeting\n".getBytes(StandardCharsets.UTF_8);
        erin.send(new Multipart().file("file", "notes.txt", "text/plain", notes)
                .applyTo(erin.request("/api/v1/rooms.upload/" + lounge))).expectOk();
        ChatPage page = new ChatPage(browsers.start("dave")).logIn(server.url(), "dave", "dave-pass");
        page.openRoom("lounge");

        assertThat(page.download("notes.txt")).isEqualTo(notes);
    }

    @Test
    void aChannelFoundBySearch_isJoinedAndOpened() {
        ChatPage page = new ChatPage(browsers.start("dave")).logIn(server.url(), "dave", "dave-pass");

        page.findInSearch("plaza", "#plaza-news");
        page.openFoundChannel("plaza-news");

        assertThat(page.roomLabel("plaza-news", "channel")).startsWith("plaza-news, channel");
        JsonNode subscription = dave.get("/api/v1/subscriptions.get").expectOk().path("update");
        assertThat(subscription.findValuesAsText("name")).contains("plaza-news");
    }

    private static List<String> texts(JsonNode history) {
        List<String> texts = new ArrayList<>();
        history.path("messages").forEach(m -> texts.add(m.path("msg").asText()));
        return texts;
    }

    @Test
    void theInviteFormShows_onlyWhereTheUserMayInvite() {
        ChatPage dave = new ChatPage(browsers.start("dave")).logIn(server.url(), "dave", "dave-pass");

        dave.openRoom("lounge"); // the admin's channel: dave is a member, not an owner
        assertThat(dave.inviteOffered()).isFalse();
        dave.createGroup("daves-den", "");
        assertThat(dave.inviteOffered()).isTrue();
    }
}
