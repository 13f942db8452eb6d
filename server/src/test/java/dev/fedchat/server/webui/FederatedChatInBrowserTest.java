package dev.fedchat.server.webui;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.FederatedServers;
import dev.fedchat.server.testing.TestServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Issue 6's scenario in two real browsers against two real servers that find each other through
 * real DNS: alice on alpha.test finds bob@beta.test, opens a DM and writes; bob on beta.test sees
 * it arrive, text and image live, and replies; alice sees the reply live. A public channel, which
 * is not open to federation, refuses bob in words.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class FederatedChatInBrowserTest {
    private static FederatedServers servers;
    private static TestServer alpha;
    private static TestServer beta;

    @RegisterExtension
    final Browsers browsers = new Browsers();

    @BeforeAll
    static void start() {
        servers = FederatedServers.start("alpha.test", "beta.test");
        alpha = servers.server("alpha.test");
        beta = servers.server("beta.test");
        alpha.newUser("alice");
        beta.newUser("bob");
    }

    @AfterAll
    static void stop() {
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    void aliceFindsBobOnAnotherServer_theyChatWithTextAndImageLive(@TempDir Path dir) throws IOException {
        ChatPage alice = new ChatPage(browsers.start("alice")).logIn(alpha.url(), "alice", "alice-pass");
        ChatPage bob = new ChatPage(browsers.start("bob")).logIn(beta.url(), "bob", "bob-pass");

        // alice types bob's qualified name: alpha asks beta, and the result carries the federation mark
        WebElement found = alice.findInSearch("bob@beta.test", "bob@beta.test");
        assertThat(found.findElement(By.className("fed-mark")).getText()).isEqualTo("federated");
        alice.messagePerson("bob@beta.test");
        assertThat(alice.roomTitle()).contains("bob@beta.test").contains("federated");
        alice.send("hello bob, from alpha");

        // bob's room list gets the new DM live, with its unread count and the mark
        assertThat(bob.roomLabel("alice@alpha.test", "1 unread")).startsWith("alice@alpha.test, direct message, federated");
        bob.openRoom("alice@alpha.test");
        assertThat(bob.roomLabel("alice@alpha.test", "direct message")).doesNotContain("unread");
        WebElement first = bob.message("hello bob, from alpha");
        assertThat(first.getText()).contains("alice@alpha.test");

        // with bob looking, alice sends another text and an image: both reach him live
        Path picture = Pictures.png(dir.resolve("sunset.png"));
        alice.send("here is a picture");
        alice.upload(picture);
        alice.loadedImage("sunset.png");
        bob.message("here is a picture");
        bob.loadedImage("sunset.png");

        bob.send("nice, greetings from beta");
        WebElement reply = alice.message("nice, greetings from beta");
        assertThat(reply.findElement(By.className("fed-mark")).getText()).isEqualTo("federated");
        assertThat(reply.getText()).contains("bob@beta.test");
    }

    @Test
    void aliceCreatesAPrivateGroupWithBobOfAnotherServer_andTheyTalkInIt() {
        ChatPage alice = new ChatPage(browsers.start("alice")).logIn(alpha.url(), "alice", "alice-pass");
        ChatPage bob = new ChatPage(browsers.start("bob")).logIn(beta.url(), "bob", "bob-pass");

        alice.createGroup("project-x", "bob@beta.test");
        // on beta the group is alpha's: named with its origin, marked, and in bob's list live
        assertThat(bob.roomLabel("project-x@alpha.test", "private group")).contains("federated");
        bob.openRoom("project-x@alpha.test");
        alice.send("welcome to project x");
        bob.message("welcome to project x");
        bob.send("glad to be here");
        assertThat(alice.message("glad to be here").getText()).contains("bob@beta.test");
    }

    @Test
    void searchingAServerThatCannotBeFound_saysSoInWords() {
        ChatPage alice = new ChatPage(browsers.start("alice")).logIn(alpha.url(), "alice", "alice-pass");

        alice.search("zed@nowhere.test");

        String apiSays = alpha.client().login("alice", "alice-pass")
                .get("/api/v1/directory?type=users&workspace=all&text=zed@nowhere.test").expectError(400).path("error").asText();
        assertThat(alice.error()).isEqualTo(apiSays).contains("nowhere.test");
    }

    @Test
    void invitingBobOfAnotherServerToAPublicChannel_isRefusedInWords() {
        ApiClient aliceApi = alpha.client().login("alice", "alice-pass");
        String channelId = aliceApi.post("/api/v1/channels.create", obj("name", "town-square")).expectOk()
                .path("channel").path("_id").asText();
        ChatPage alice = new ChatPage(browsers.start("alice")).logIn(alpha.url(), "alice", "alice-pass");
        alice.openRoom("town-square");

        alice.invite("bob@beta.test");

        String apiSays = aliceApi.post("/api/v1/channels.invite", obj("roomId", channelId, "usernames", List.of("bob@beta.test")))
                .expectErrorType("error-federation-public-channel").path("error").asText();
        assertThat(alice.error()).isEqualTo(apiSays).startsWith("This public channel is not open to other servers: its owner can open it to federation");
        JsonNode members = aliceApi.get("/api/v1/channels.members?roomId=" + channelId).expectOk().path("members");
        assertThat(members.findValuesAsText("username")).containsExactly("alice");
        assertThat(beta.server().rooms().byId(channelId)).isEmpty();
    }
}
