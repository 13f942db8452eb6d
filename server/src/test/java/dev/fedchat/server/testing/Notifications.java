package dev.fedchat.server.testing;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** A user's {@code stream-notify-user} {@code <uid>/notification} stream, as the realtime tests listen to it. */
public final class Notifications {
    private Notifications() {}

    /** A DDP client logged in as {@code username} (password {@code <username>-pass}), listening to their notifications. */
    public static DdpClient listen(TestServer server, String username, String userId) {
        DdpClient ddp = server.ddp().handshake();
        ddp.loginWithPassword(username, username + "-pass");
        JsonNode ready = ddp.subscribe("stream-notify-user", userId + "/notification",
                obj("useCollection", false, "args", List.of()));
        assertThat(ready.path("msg").asText()).isEqualTo("ready");
        return ddp;
    }

    /** True when {@code frame} notifies {@code userId} of message {@code messageId}. */
    public static boolean isOf(JsonNode frame, String userId, String messageId) {
        return frame.path("msg").asText().equals("changed")
                && frame.path("fields").path("eventName").asText().equals(userId + "/notification")
                && frame.path("fields").path("args").path(0).path("payload").path("_id").asText().equals(messageId);
    }
}
