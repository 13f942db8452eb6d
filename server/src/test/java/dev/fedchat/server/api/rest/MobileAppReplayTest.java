package dev.fedchat.server.api.rest;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.Json;
import dev.fedchat.server.testing.ManualClock;
import dev.fedchat.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Rocket.Chat's mobile app against fedchat, replayed call by call in the order the app makes them
 * (RocketChat/Rocket.Chat.ReactNative 4.72; docs/mobile-app.md is the sequence with the sources).
 * Every step asserts the fields the app reads at that point, not only that it answered.
 *
 * <p>Each test replays from "add server" up to the step it is about, as a fresh install of the app
 * for a fresh user would, through {@link #addServer}, {@link #logIn}, {@link #afterLogin} and
 * {@link #openRoom}. Steps of features other work is building are marked {@code pending:} where the
 * app makes them; add them there.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MobileAppReplayTest {
    private static final ManualClock CLOCK = new ManualClock(Instant.parse("2026-12-08T09:00:00Z"));
    /** {@code loginSettings} in the app's getSettings.ts: the onboarding screens read only these. */
    private static final List<String> LOGIN_SETTINGS = List.of("API_Gitlab_URL", "CAS_enabled", "CAS_login_url",
            "Accounts_EmailVerification", "Accounts_ManuallyApproveNewUsers", "Accounts_ShowFormLogin", "Site_Url",
            "Accounts_RegistrationForm", "Accounts_RegistrationForm_LinkReplacementText",
            "Accounts_EmailOrUsernamePlaceholder", "Accounts_PasswordPlaceholder", "Accounts_PasswordReset",
            "Accounts_iframe_enabled", "Accounts_Iframe_api_url", "Accounts_Iframe_api_method");
    /** A part of {@code defaultSettings} (the rest are absent here and read as off): the ones a test reads. */
    private static final List<String> APP_SETTINGS = List.of("API_Use_REST_For_DDP_Calls", "E2E_Enable", "LDAP_Enable",
            "CROWD_Enable", "FEDERATION_Enabled", "FileUpload_MaxFileSize", "FileUpload_MediaTypeWhiteList",
            "FileUpload_ProtectFiles", "Message_AllowEditing", "Message_AllowDeleting", "Message_AllowPinning",
            "Message_AllowStarring", "Message_GroupingPeriod", "Site_Name", "Store_Last_Message", "Threads_enabled",
            "uniqueID", "UI_Use_Real_Name", "Jitsi_Enabled", "Federation_Matrix_enabled", "Hide_System_Messages");

    private static TestServer server;
    private static ApiClient carol;
    private static String channel;
    private static int users;

    @BeforeAll
    static void start() {
        server = TestServer.start(UnaryOperator.identity(), CLOCK);
        carol = server.newUser("carol");
        server.newUser("bob");
        channel = carol.post("/api/v1/channels.create", obj("name", "mobile-talk")).expectOk().path("channel").path("_id").asText();
        carol.post("/api/v1/chat.postMessage", obj("roomId", channel, "text", "welcome to the channel")).expectOk();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void addingTheServer_findsARocketChatServer_withWhatTheLoginScreenReads() {
        try (MobileApp app = new MobileApp(server.url())) {
            addServer(app);
        }
    }

    @Test
    void loggingIn_resumesOnTheSocket_andWhatTheAppFetchesNextAnswersWhatItReads() {
        try (MobileApp app = new MobileApp(server.url())) {
            addServer(app);
            logIn(app);
            afterLogin(app);
        }
    }

    @Test
    void openingARoom_subscribesItsStreams_loadsItsHistory_andMarksItRead() {
        try (MobileApp app = new MobileApp(server.url())) {
            addServer(app);
            logIn(app);
            afterLogin(app);
            openRoom(app, channel);
        }
    }

    @Test
    void sendingAMessage_answersWithItsId_andStreamsItToTheOpenRoom() {
        try (MobileApp app = new MobileApp(server.url())) {
            addServer(app);
            logIn(app);
            openRoom(app, channel);
            // sendMessage.ts: the app picks the id (random(17)) and shows the message as sending until the answer
            String id = String.format("mobileMessage%04d", users);
            JsonNode sent = app.post("chat.sendMessage", obj("message", obj("_id", id, "rid", channel, "msg", "hello @carol")))
                    .expectOk().path("message");

            assertThat(sent.path("_id").asText()).isEqualTo(id);
            assertThat(sent.path("rid").asText()).isEqualTo(channel);
            assertThat(sent.path("mentions")).extracting(m -> m.path("username").asText()).contains("carol");
            // subscriptions/room.ts handleMessageReceived: fields.args[0] is the message, by its _id
            JsonNode frame = app.ddp().await(f -> f.path("collection").asText().equals("stream-room-messages")
                    && f.path("fields").path("args").path(0).path("_id").asText().equals(id));
            assertThat(frame.path("fields").path("eventName").asText()).isEqualTo(channel);
            assertThat(frame.path("fields").path("args").path(0).path("msg").asText()).isEqualTo("hello @carol");
            assertThat(frame.path("fields").path("args").path(0).path("u").path("_id").asText()).isEqualTo(app.userId());
        }
    }

    @Test
    void reopeningARoom_syncsWhatChangedSinceItWasLastOpen_withTheCursor() {
        try (MobileApp app = new MobileApp(server.url())) {
            addServer(app);
            logIn(app);
            openRoom(app, channel);
            long lastOpen = CLOCK.millis();
            CLOCK.advance(Duration.ofSeconds(1));
            String fresh = carol.post("/api/v1/chat.postMessage", obj("roomId", channel, "text", "while you were away"))
                    .expectOk().path("message").path("_id").asText();
            CLOCK.advance(Duration.ofSeconds(1));
            String later = carol.post("/api/v1/chat.postMessage", obj("roomId", channel, "text", "and later"))
                    .expectOk().path("message").path("_id").asText();
            CLOCK.advance(Duration.ofSeconds(1));
            String gone = carol.post("/api/v1/chat.postMessage", obj("roomId", channel, "text", "soon deleted"))
                    .expectOk().path("message").path("_id").asText();
            CLOCK.advance(Duration.ofSeconds(1));
            carol.post("/api/v1/chat.delete", obj("roomId", channel, "msgId", gone)).expectOk();

            // loadMissedMessages.ts (7.1 on): UPDATED and DELETED from lastOpen, 50 at a time, until no cursor
            JsonNode updated = app.get("chat.syncMessages", "roomId", channel, "next", String.valueOf(lastOpen),
                    "count", "50", "type", "UPDATED").expectOk().path("result");
            JsonNode deleted = app.get("chat.syncMessages", "roomId", channel, "next", String.valueOf(lastOpen),
                    "count", "50", "type", "DELETED").expectOk().path("result");

            assertThat(updated.path("updated")).extracting(m -> m.path("_id").asText()).containsSubsequence(fresh, later)
                    .doesNotContain(gone);
            assertThat(updated.path("cursor").path("next").isNull()).as("one page holds it all: no next cursor").isTrue();
            assertThat(deleted.path("deleted")).extracting(m -> m.path("_id").asText()).containsExactly(gone);
            assertThat(deleted.path("deleted").path(0).path("_deletedAt").asText()).isEqualTo(CLOCK.instant().toString()
                    .replace("Z", ".000Z"));
            // a page of one: the cursor to go on from is the last listed change's time, and it goes on from there
            JsonNode paged = app.get("chat.syncMessages", "roomId", channel, "next", String.valueOf(lastOpen),
                    "count", "1", "type", "UPDATED").expectOk().path("result");
            assertThat(paged.path("updated")).hasSize(1);
            assertThat(paged.path("updated").path(0).path("_id").asText()).isEqualTo(fresh);
            assertThat(paged.path("cursor").path("next").asText()).isEqualTo(String.valueOf(lastOpen + 1000));
            JsonNode rest = app.get("chat.syncMessages", "roomId", channel, "next", paged.path("cursor").path("next").asText(),
                    "count", "1", "type", "UPDATED").expectOk().path("result");
            assertThat(rest.path("updated")).extracting(m -> m.path("_id").asText()).containsExactly(later);
        }
    }

    @Test
    void sendingAFile_uploadsItToTheRoom_thenConfirmsItAsAMessage() {
        try (MobileApp app = new MobileApp(server.url())) {
            addServer(app);
            logIn(app);
            openRoom(app, channel);
            // sendFileMessageV2.ts (6.10 on): rooms.media with the file, then rooms.mediaConfirm with the caption
            byte[] photo = "not really a jpeg".getBytes(StandardCharsets.UTF_8);
            JsonNode file = app.upload(channel, "photo.jpg", "image/jpeg", photo).expectOk().path("file");
            assertThat(file.path("_id").asText()).isNotBlank();
            assertThat(file.path("url").asText()).contains(file.path("_id").asText());

            JsonNode message = app.post("rooms.mediaConfirm/" + channel + "/" + file.path("_id").asText(),
                    obj("msg", "look", "description", "the view")).expectOk().path("message");

            assertThat(message.path("rid").asText()).isEqualTo(channel);
            assertThat(message.path("file").path("_id").asText()).isEqualTo(file.path("_id").asText());
            assertThat(message.path("attachments").path(0).path("title").asText()).isEqualTo("photo.jpg");
        }
    }

    @Test
    void searching_throughMethodCall_findsUsersAndRooms_leavingOutWhoTheAppShowsAlready() {
        try (MobileApp app = new MobileApp(server.url())) {
            addServer(app);
            logIn(app);
            // search.ts: spotlight(text, usernames found locally, {users, rooms, mentions}) when fewer than 7 local hits
            JsonNode found = app.method("spotlight", "bo", List.of(), obj("users", true, "rooms", true, "mentions", true));
            JsonNode withoutBob = app.method("spotlight", "bo", List.of("bob"), obj("users", true, "rooms", false));
            JsonNode rooms = app.method("spotlight", "mobile", List.of(), obj("users", false, "rooms", true));

            assertThat(found.path("result").path("users")).extracting(u -> u.path("username").asText()).contains("bob");
            assertThat(found.path("result").path("users").path(0).path("_id").asText()).isNotBlank();
            assertThat(withoutBob.path("result").path("users")).extracting(u -> u.path("username").asText())
                    .doesNotContain("bob");
            assertThat(withoutBob.path("result").path("rooms")).isEmpty();
            assertThat(rooms.path("result").path("rooms")).extracting(r -> r.path("_id").asText()).contains(channel);
            assertThat(rooms.path("result").path("rooms").path(0).path("t").asText()).isEqualTo("c");
            // SearchMessagesView: chat.search?roomId&searchText&count&offset, reading each message's _id, msg, u, ts
            JsonNode messages = app.get("chat.search", "roomId", channel, "searchText", "welcome", "count", "50", "offset", "0")
                    .expectOk().path("messages");
            assertThat(messages).extracting(m -> m.path("msg").asText()).contains("welcome to the channel");
            assertThat(messages.path(0).path("u").path("username").asText()).isNotBlank();
        }
    }

    @Test
    void loggingOut_removesThePushToken_revokesTheLogin_andEndsTheSocket() {
        try (MobileApp app = new MobileApp(server.url())) {
            addServer(app);
            logIn(app);
            afterLogin(app);
            String userId = app.userId();
            String token = app.token();

            // logout.ts: removePushToken (DELETE push.token {token}), then the sdk's REST logout
            app.delete("push.token", obj("token", "device-token-of-" + userId)).expectOk();
            JsonNode out = app.logout();

            assertThat(out.path("data").path("message").asText()).isEqualTo("You've been logged out!");
            assertThat(app.ddp().closedByServer()).succeedsWithin(Duration.ofSeconds(5));
            new ApiClient(server.url()).withCredentials(userId, token).get("/api/v1/me").expectError(401);
        }
    }

    /**
     * The "add server" screen (selectServer.ts handleServerRequest), then selecting it
     * (handleSelectServer): api/info, the workspace id, a trial socket, the login services, the
     * login settings; then the app's own socket and every setting it keeps.
     */
    private static void addServer(MobileApp app) {
        // getServerInfo.ts: no user yet, so its headers carry the text "undefined"
        JsonNode info = app.fetch("/api/info", Map.of("Content-Type", "application/json",
                "X-Auth-Token", "undefined", "X-User-Id", "undefined")).expectOk();
        assertThat(info.path("version").asText()).isEqualTo("7.10.0");
        assertThat(info.has("supportedVersions")).as("nothing signed: the app asks Rocket.Chat's cloud").isFalse();

        // getCloudInfo → getUniqueId (7.0 on: settings by _id)
        JsonNode unique = app.fetch("/api/v1/settings.public?_id=uniqueID").expectOk();
        assertThat(unique.path("settings")).hasSize(1);
        assertThat(unique.path("settings").path(0).path("_id").asText()).isEqualTo("uniqueID");
        assertThat(unique.path("settings").path(0).path("value").asText()).hasSize(17);

        // getWebsocketInfo: a socket that must connect, closed at once
        try (MobileApp trial = new MobileApp(server.url())) {
            assertThat(trial.connect().path("session").asText()).isNotBlank();
        }

        // getLoginServices: no OAuth, SAML or CAS button
        assertThat(app.fetch("/api/v1/settings.oauth").expectOk().path("services")).isEmpty();

        // getLoginSettings: the onboarding screens
        Map<String, JsonNode> login = settings(app.fetch("/api/v1/settings.public?_id=" + String.join(",", LOGIN_SETTINGS))
                .expectOk());
        assertThat(login.get("Accounts_ShowFormLogin").asBoolean()).as("LoginView shows the form only when true").isTrue();
        assertThat(login.get("Accounts_RegistrationForm").asText()).isEqualTo("Public");
        assertThat(login.get("Accounts_PasswordReset").asBoolean()).isFalse();
        assertThat(login.get("Accounts_iframe_enabled").asBoolean()).isFalse();
        assertThat(login.get("Site_Url").asText()).isNotBlank();
        assertThat(LOGIN_SETTINGS).containsAll(login.keySet());

        // connect(): the sdk's socket, and getSettings() paging with offset until total
        assertThat(app.connect().path("msg").asText()).isEqualTo("connected");
        Map<String, JsonNode> settings = new HashMap<>();
        int total;
        do {
            JsonNode page = app.fetch("/api/v1/settings.public?_id=" + String.join(",", APP_SETTINGS) + "&offset="
                    + settings.size()).expectOk();
            settings.putAll(settings(page));
            total = page.path("total").asInt();
            assertThat(page.path("settings")).as("a page that adds nothing would loop forever").isNotEmpty();
        } while (settings.size() < total);
        assertThat(settings.get("API_Use_REST_For_DDP_Calls").asBoolean()).as("methods go through method.call").isTrue();
        assertThat(settings.get("E2E_Enable").asBoolean()).isFalse();
        assertThat(settings.get("LDAP_Enable").asBoolean()).as("else the app sends LDAP logins").isFalse();
        assertThat(settings.get("CROWD_Enable").asBoolean()).isFalse();
        assertThat(settings.get("Federation_Matrix_enabled").asBoolean()).isFalse();
        assertThat(settings.get("Threads_enabled").asBoolean()).as("the app shows threads").isTrue();
        assertThat(settings.get("Message_AllowPinning").asBoolean()).as("the app offers pins").isTrue();
        assertThat(settings.get("Message_AllowStarring").asBoolean()).as("the app offers stars").isTrue();
        assertThat(settings.get("FileUpload_MaxFileSize").isNumber()).isTrue();
        assertThat(settings.get("Message_AllowEditing").asBoolean()).isTrue();
        assertThat(settings.get("uniqueID").asText()).isEqualTo(unique.path("settings").path(0).path("value").asText());
        assertThat(settings).doesNotContainKey("Hide_System_Messages"); // an array setting; absent reads as none hidden
    }

    /** LoginView → loginRequest → connect.ts loginWithPassword: REST login, then the socket's resume. */
    private static void logIn(MobileApp app) {
        String username = "mobile" + ++users;
        server.client().post("/api/v1/users.register", obj("username", username, "email", username + "@test.example",
                "pass", username + "-pass", "name", "Mobile " + users)).expectOk();
        carol.post("/api/v1/channels.invite", obj("roomId", channel, "username", username)).expectOk();

        JsonNode data = app.login(username, username + "-pass");

        // connect.ts login(): the user record the app keeps
        JsonNode me = data.path("me");
        assertThat(me.path("username").asText()).isEqualTo(username);
        assertThat(me.path("name").asText()).isEqualTo("Mobile " + users);
        assertThat(me.path("roles")).extracting(JsonNode::asText).contains("user");
        assertThat(me.path("status").asText()).isNotBlank();
        assertThat(data.path("authToken").asText()).isEqualTo(app.token());
    }

    /** sagas/login.js handleLoginSuccess, in its order, and rooms.js for the room list. */
    private static void afterLogin(MobileApp app) {
        // rooms saga: subscribeRooms() opens stream-notify-user, then getRooms() without updatedSince
        for (String event : MobileApp.NOTIFY_USER_EVENTS) {
            assertThat(app.subscribe("stream-notify-user", app.userId() + "/" + event, false).path("msg").asText())
                    .as("stream-notify-user %s", event).isEqualTo("ready");
        }
        JsonNode subscriptions = app.get("subscriptions.get").expectOk();
        JsonNode rooms = app.get("rooms.get").expectOk();
        assertThat(subscriptions.path("remove").isArray()).as("rooms.js maps remove, present or not").isTrue();
        JsonNode sub = find(subscriptions.path("update"), "rid", channel);
        assertThat(sub.path("t").asText()).isEqualTo("c");
        assertThat(sub.path("name").asText()).isEqualTo("mobile-talk");
        assertThat(sub.path("unread").isInt()).isTrue();
        assertThat(sub.path("open").asBoolean()).isTrue();
        assertThat(find(rooms.path("update"), "_id", channel).path("_updatedAt").asText()).isNotBlank();

        // fetchPermissions: the stream, then the catalog (then only what changed since)
        assertThat(app.subscribe("stream-notify-logged", "permissions-changed", false).path("msg").asText()).isEqualTo("ready");
        JsonNode permissions = app.get("permissions.listAll").expectOk();
        assertThat(find(permissions.path("update"), "_id", "create-d").path("roles")).extracting(JsonNode::asText)
                .contains("user");
        assertThat(find(permissions.path("update"), "_id", "pin-message").path("roles")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("admin", "owner", "moderator");
        String changed = find(permissions.path("update"), "_id", "create-d").path("_updatedAt").asText();
        assertThat(app.get("permissions.listAll", "updatedSince", changed).expectOk().path("update")).isEmpty();

        // fetchEnterpriseModules: license:getModules through method.call; none, so no omnichannel or VoIP
        JsonNode modules = app.method("license:getModules");
        assertThat(modules.path("result").isArray()).isTrue();
        assertThat(modules.path("result")).isEmpty();

        // fetchCustomEmojisFork: updatedSince is the empty text on a fresh install
        JsonNode emojis = app.get("emoji-custom.list", "updatedSince", "").expectOk().path("emojis");
        assertThat(emojis.path("update")).isEmpty();
        assertThat(emojis.path("remove")).isEmpty();

        // fetchRolesFork
        assertThat(app.subscribe("stream-roles", "roles").path("msg").asText()).isEqualTo("ready");
        assertThat(app.get("roles.list").expectOk().path("roles")).extracting(r -> r.path("_id").asText()).contains("admin", "user");

        // fetchSlashCommandsFork: none
        assertThat(app.get("commands.list").expectOk().path("commands")).isEmpty();

        // registerPushTokenFork: accepted, nothing will be pushed
        JsonNode push = app.post("push.token", obj("value", "device-token-of-" + app.userId(), "type", "gcm",
                "appName", "chat.rocket.android")).expectOk();
        assertThat(push.path("result").path("token").path("gcm").asText()).isEqualTo("device-token-of-" + app.userId());

        // fetchUsersPresenceFork (4.1 on: no user-status stream), refreshDmUsersPresence
        assertThat(app.subscribe("stream-notify-logged", "updateAvatar", false).path("msg").asText()).isEqualTo("ready");
        assertThat(app.subscribe("stream-notify-logged", "Users:NameChanged", false).path("msg").asText()).isEqualTo("ready");
        // refreshDmUsersPresence: users.presence?ids=<the DM users>, then the raw subscription below reads its frames
        JsonNode presence = app.get("users.presence", "ids", app.userId()).expectOk();
        assertThat(find(presence.path("users"), "_id", app.userId()).path("status").asText()).isEqualTo("online");
        assertThat(app.ddp().subscribe("stream-user-presence", "", obj("added", List.of(app.userId()))).path("msg").asText())
                .isEqualTo("ready");

        // subscribeSettingsFork
        assertThat(app.subscribe("stream-notify-all", "public-settings-changed", false).path("msg").asText()).isEqualTo("ready");

        // fetchUsersRoles (7.10 on): the role badges
        JsonNode holders = app.get("roles.getUsersInPublicRoles").expectOk().path("users");
        assertThat(find(holders, "username", TestServer.ADMIN).path("roles")).extracting(JsonNode::asText).contains("admin");

        // initTroubleshootingNotification (6.5 on): the push gateway is off, which the app tells the user
        JsonNode pushInfo = app.get("push.info").expectOk();
        assertThat(pushInfo.path("pushGatewayEnabled").asBoolean(true)).isFalse();
        // pending: presence — getUserPresence(own id) after 2 s: users.presence?ids=<own id>
    }

    /** RoomView init: the room's streams (sdk.subscribeRoom, 4.0 on), its history, then read. */
    private static void openRoom(MobileApp app, String rid) {
        for (String[] sub : new String[][] {{"stream-room-messages", rid}, {"stream-notify-room", rid + "/user-activity"},
                {"stream-notify-room", rid + "/deleteMessage"}, {"stream-notify-room", rid + "/deleteMessageBulk"},
                {"stream-notify-room", rid + "/messagesRead"}}) {
            assertThat(app.subscribe(sub[0], sub[1]).path("msg").asText()).as("%s %s", sub[0], sub[1]).isEqualTo("ready");
        }

        // loadMessagesForRoom.ts: 50 main messages, no thread replies
        JsonNode history = app.get("channels.history", "roomId", rid, "showThreadMessages", "false", "count", "50").expectOk();
        List<String> texts = new ArrayList<>();
        history.path("messages").forEach(m -> texts.add(m.path("msg").asText()));
        assertThat(texts).contains("welcome to the channel");
        JsonNode first = history.path("messages").path(0);
        assertThat(first.path("_id").asText()).isNotBlank();
        assertThat(first.path("ts").asText()).isNotBlank();
        assertThat(first.path("u").path("username").asText()).isNotBlank();
        // a thread (tmid) opens with loadThreadMessages: getThreadMessages through method.call, then readThreads
        // (the newest message may be an earlier replay's reply: a thread is one level deep, so its root)
        String root = first.hasNonNull("tmid") ? first.path("tmid").asText() : first.path("_id").asText();
        JsonNode reply = app.post("chat.sendMessage", obj("message", obj("rid", rid, "msg", "a reply in the thread",
                "tmid", root))).expectOk().path("message");
        JsonNode thread = app.method("getThreadMessages", obj("tmid", root));
        assertThat(thread.path("result")).extracting(m -> m.path("_id").asText()).contains(reply.path("_id").asText());
        assertThat(thread.path("result").path(0).path("tmid").asText()).isEqualTo(root);
        assertThat(app.method("readThreads", root).has("error")).isFalse();

        // readMessages.ts
        app.post("subscriptions.read", obj("rid", rid)).expectOk();
        assertThat(find(app.get("subscriptions.get").expectOk().path("update"), "rid", rid).path("unread").asInt()).isZero();
        CLOCK.advance(Duration.ofSeconds(1));
    }

    private static Map<String, JsonNode> settings(JsonNode page) {
        Map<String, JsonNode> out = new HashMap<>();
        page.path("settings").forEach(s -> out.put(s.path("_id").asText(), s.path("value")));
        return out;
    }

    private static JsonNode find(JsonNode list, String field, String value) {
        for (JsonNode item : list) {
            if (item.path(field).asText().equals(value)) {
                return item;
            }
        }
        throw new AssertionError("no item with " + field + "=" + value + " in " + Json.write(list));
    }
}
