package dev.fedchat.server.api.rest;

import dev.fedchat.server.auth.LoginFailedException;
import dev.fedchat.server.db.DatabaseFailure;
import dev.fedchat.server.error.RcException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become Rocket.Chat's envelopes (client-api.md §1):
 * 400 {@code {success:false, error:"<reason> [<code>]", errorType}}, 401, 403, 404, 429 with the
 * rate-limit headers, and 500 {@code Internal server error} with one ERROR line for our own bugs.
 * A database error is classified by {@link DatabaseFailure}: the caller's bad input is a 400, never
 * a 500 with a stack trace.
 */
final class RcErrors {
    private static final Logger log = LoggerFactory.getLogger(RcErrors.class);

    private RcErrors() {}

    static void install(JavalinConfig config, Clock clock, int loginLimit) {
        config.routes.exception(RcException.class, (e, ctx) -> render(ctx, e, clock, loginLimit));
        config.routes.exception(LoginFailedException.class, (e, ctx) -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "error");
            body.put("error", "Unauthorized");
            body.put("message", "Unauthorized");
            body.put("success", false);
            ctx.status(401).json(body);
        });
        config.routes.exception(HttpResponseException.class, (e, ctx) ->
                ctx.status(e.getStatus()).json(Map.of("success", false, "error", e.getMessage())));
        config.routes.exception(Exception.class, (e, ctx) -> {
            Optional<HttpException> unreadable = rejectedByJetty(e);
            if (unreadable.isPresent()) {
                // Jetty will not read on after a request it could not parse and drops the connection;
                // saying so keeps a keep-alive client from sending its next request into the void.
                ctx.header("Connection", "close");
                int status = unreadable.get().getCode();
                render(ctx, new RcException(status, "invalid-params", "The request could not be read: "
                        + unreadable.get().getReason()), clock, loginLimit);
                return;
            }
            String done = ctx.method() + " " + ctx.path();
            Optional<DatabaseFailure> database = DatabaseFailure.in(e);
            if (database.isPresent()) {
                database.get().log(log, done, e);
            } else {
                log.error("{}: failed unexpectedly: {}", done, e.toString(), e);
            }
            render(ctx, database.map(DatabaseFailure::answer).orElseGet(DatabaseFailure::internalError), clock, loginLimit);
        });
        config.routes.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                ctx.json(Map.of("success", false, "error", "Resource not found"));
            }
        });
    }

    /**
     * Jetty's own 4xx verdict on a request it could not parse (a broken multipart body), which
     * Javalin hands on wrapped in a {@code ServletException}: the client's error, not ours.
     */
    private static Optional<HttpException> rejectedByJetty(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpException h && h.getCode() >= 400 && h.getCode() < 500) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }

    private static void render(Context ctx, RcException e, Clock clock, int loginLimit) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", false);
        switch (e.status()) {
            case 401 -> {
                body.put("status", "error");
                body.put("message", e.reason());
                body.put("error", e.reason());
            }
            case 403 -> body.put("error", e.errorType() == null ? e.reason() : e.getMessage());
            case 429 -> {
                body.put("error", e.getMessage());
                ctx.header("X-RateLimit-Limit", String.valueOf(loginLimit));
                ctx.header("X-RateLimit-Remaining", "0");
                ctx.header("X-RateLimit-Reset", String.valueOf(clock.millis() + e.retryAfterMillis()));
            }
            default -> {
                body.put("error", e.errorType() == null ? e.reason() : e.getMessage());
                if (e.errorType() != null) {
                    body.put("errorType", e.errorType());
                }
            }
        }
        if (e.status() == 403 && e.errorType() != null) {
            body.put("errorType", e.errorType());
        }
        ctx.status(e.status()).json(body);
    }
}
