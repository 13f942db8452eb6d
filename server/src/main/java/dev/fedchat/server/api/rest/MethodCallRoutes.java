package dev.fedchat.server.api.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fedchat.protocol.net.ClientAddress;
import dev.fedchat.server.api.json.ApiJson;
import dev.fedchat.server.api.json.StorableText;
import dev.fedchat.server.api.realtime.MethodCaller;
import dev.fedchat.server.api.realtime.MethodInvoker;
import dev.fedchat.server.error.RcException;
import dev.fedchat.server.user.User;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;

/**
 * Meteor methods over REST, as Rocket.Chat serves them when {@code API_Use_REST_For_DDP_Calls} is
 * on (the mobile app then calls every method this way): {@code POST method.call/<name>} for a
 * logged-in caller and {@code method.callAnon/<name>} for anyone, with the body
 * {@code {message: "<the DDP method frame as EJSON text>"}}. The method runs from the same
 * {@link MethodInvoker} as over DDP, and the answer is always {@code 200 {message: "<the DDP result
 * frame as EJSON text>", success: true}}, the method's failure inside the frame's {@code error}, as
 * Rocket.Chat answers. A body that is not such a frame is 400 and runs nothing.
 *
 * <p>Unlike Rocket.Chat, the method named in the path must be the frame's: Rocket.Chat ran the
 * frame's and ignored the path, so a log or a proxy rule reading the path could be misled.
 * {@code method.callAnon} runs without a user even when credentials are sent, as in Rocket.Chat.
 */
final class MethodCallRoutes {
    private final MethodInvoker methods;
    private final Auth auth;
    private final RequestReader reader;
    private final ObjectMapper ejson = ApiJson.ddp();

    MethodCallRoutes(MethodInvoker methods, Auth auth, RequestReader reader) {
        this.methods = methods;
        this.auth = auth;
        this.reader = reader;
    }

    void install(RoutesConfig routes) {
        routes.post("/api/v1/method.call/{method}", ctx -> {
            User caller = auth.require(ctx);
            call(ctx, new RestCaller(caller, ctx.header("X-Auth-Token"), ctx.ip()));
        });
        routes.post("/api/v1/method.callAnon/{method}", ctx -> call(ctx, new RestCaller(null, null, ctx.ip())));
    }

    private void call(Context ctx, RestCaller caller) throws JsonProcessingException {
        JsonNode frame = frame(reader.body(ctx).string("message"));
        String name = frame.get("method").textValue();
        if (!name.equals(ctx.pathParam("method"))) {
            throw new RcException(400, null, "Invalid method call: the path names '" + ctx.pathParam("method")
                    + "' but the message calls '" + name + "'");
        }
        Map<String, Object> result = methods.invoke(caller, frame.get("id").textValue(), name, frame.get("params"));
        Replies.ok(ctx, Replies.of("message", ejson.writeValueAsString(result)));
    }

    /** The DDP method frame the message holds: {@code {msg: "method", id, method, params: [...]}}. */
    private JsonNode frame(String message) {
        JsonNode frame;
        try {
            frame = ejson.readTree(message);
        } catch (JsonProcessingException e) {
            throw new RcException(400, null, "Invalid method call: the message is not EJSON: " + e.getOriginalMessage());
        }
        boolean valid = frame != null && frame.isObject() && frame.path("method").isTextual()
                && frame.path("id").isTextual() && frame.path("params").isArray()
                && (frame.path("msg").isMissingNode() || "method".equals(frame.path("msg").asText()));
        if (!valid) {
            throw new RcException(400, null, "Invalid method call: the message must be a DDP method frame"
                    + " {msg: 'method', id, method, params: [...]}");
        }
        // the frame was text inside the body, so the edge check saw it escaped: check what it says
        StorableText.require("the method call", frame);
        return frame;
    }

    /** A caller that lives for one request: a login or logout through it changes nothing it keeps. */
    private record RestCaller(User user, String token, String ip) implements MethodCaller {
        @Override
        public String clientAddress() {
            return ClientAddress.of(ip);
        }

        @Override
        public void loggedIn(User user, String token) {
            // the token is in the method's result; REST requests carry it themselves
        }

        @Override
        public void loggedOut() {
            // nothing kept: the logout method revokes the token itself
        }
    }
}
