package dev.fedchat.hub;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become answers: the API's {@code {success:false, error}} with
 * 400, 404, 429 (with {@code Retry-After}) or 503, and the confirmation pages' HTML for links
 * that cannot be used. Anything else is our bug: 500 and one WARN line.
 */
final class HubErrors {
    private static final Logger log = LoggerFactory.getLogger(HubErrors.class);

    private HubErrors() {}

    static void install(JavalinConfig config) {
        config.routes.exception(InvalidRegistrationException.class, (e, ctx) -> {
            log.info("Refused {} {} from {}: {}", ctx.method(), ctx.path(), ctx.ip(), e.getMessage());
            fail(ctx, 400, e.getMessage());
        });
        config.routes.exception(PeerNotFoundException.class, (e, ctx) -> fail(ctx, 404, e.getMessage()));
        config.routes.exception(RateLimitedException.class, (e, ctx) -> {
            if (e.repeated()) {
                log.debug("Limited {} {} from {} again: {}", ctx.method(), ctx.path(), ctx.ip(), e.getMessage());
            } else {
                log.info("Limited {} {} from {}: {} (further refusals until one is let through are not logged)",
                        ctx.method(), ctx.path(), ctx.ip(), e.getMessage());
            }
            ctx.header("Retry-After", String.valueOf(e.retryAfterSeconds()));
            fail(ctx, 429, e.getMessage());
        });
        // 503: the registering server's status machine shows the failure and its admin retries later
        config.routes.exception(MailException.class, (e, ctx) -> {
            log.warn("Could not mail the confirmation link (nothing was stored; the server may register again): {}",
                    e.getMessage());
            fail(ctx, 503, "the hub could not send the confirmation mail to " + e.to()
                    + " just now, so nothing was stored; register again later");
        });
        config.routes.exception(LinkException.class, (e, ctx) ->
                HtmlPage.send(ctx, e.problem().status, ConfirmationPage.problem(e)));
        config.routes.exception(HttpResponseException.class, (e, ctx) -> fail(ctx, e.getStatus(), e.getMessage()));
        config.routes.exception(Exception.class, (e, ctx) -> {
            log.warn("Unexpected failure on {} {}: {}", ctx.method(), ctx.path(), e.toString(), e);
            fail(ctx, 500, "Internal server error");
        });
        config.routes.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                ctx.json(Map.of("success", false, "error", "Resource not found"));
            }
        });
    }

    private static void fail(Context ctx, int status, String error) {
        ctx.status(status).json(Map.of("success", false, "error", error));
    }
}
