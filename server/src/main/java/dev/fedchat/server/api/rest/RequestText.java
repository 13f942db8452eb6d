package dev.fedchat.server.api.rest;

import dev.fedchat.server.api.json.StorableText;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/**
 * The edge check of every HTTP route, REST and server-to-server alike: before a handler runs, the
 * request's query parameters (names and values), path parameters, and the headers and cookies
 * that carry ids and credentials must be {@link StorableText}, or the request is refused with a
 * 400 naming the part. JSON bodies are checked where they are parsed ({@link RequestBody}, and
 * the opened federation body in {@code PeerEventRoutes}), multipart fields where they are read
 * ({@link FileRoutes}): reading a body here would parse an upload before its caller is known.
 */
final class RequestText {
    /** The headers read as ids or credentials (REST's, federation's) and the cookies downloads accept. */
    private static final List<String> HEADERS = List.of("X-User-Id", "X-Auth-Token", "x-federation-domain", "x-fedchat-proof");
    private static final List<String> COOKIES = List.of("rc_uid", "rc_token");

    private RequestText() {}

    static void install(RoutesConfig routes) {
        routes.beforeMatched(RequestText::check);
    }

    private static void check(Context ctx) {
        for (Map.Entry<String, List<String>> param : ctx.queryParamMap().entrySet()) {
            StorableText.require("the name of a query parameter", param.getKey());
            String name = "the query parameter '" + param.getKey() + "'";
            param.getValue().forEach(value -> StorableText.require(name, value));
        }
        ctx.pathParamMap().forEach((name, value) -> StorableText.require("the path parameter '" + name + "'", value));
        for (String header : HEADERS) {
            StorableText.require("the header " + header, ctx.header(header));
        }
        for (String cookie : COOKIES) {
            StorableText.require("the cookie " + cookie, ctx.cookie(cookie));
        }
    }
}
