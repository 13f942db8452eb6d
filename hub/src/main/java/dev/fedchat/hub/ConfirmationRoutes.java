package dev.fedchat.hub;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * The confirmation link: {@code GET /confirm/<token>} shows what would be confirmed and a
 * Confirm button; only the button's {@code POST} confirms. Mail scanners and link previews fetch
 * links with GET, so a GET that confirmed would confirm what nobody read.
 */
final class ConfirmationRoutes {
    static final String PATH_PREFIX = "/confirm/";

    private final Registrations registrations;

    ConfirmationRoutes(Registrations registrations) {
        this.registrations = registrations;
    }

    void install(RoutesConfig routes) {
        routes.get(PATH_PREFIX + "{token}", this::show);
        routes.post(PATH_PREFIX + "{token}", this::confirm);
    }

    private void show(Context ctx) {
        Registrations.Preview preview = registrations.preview(ctx.pathParam("token"));
        HtmlPage.send(ctx, 200, ConfirmationPage.form(preview, PATH_PREFIX + ctx.pathParam("token")));
    }

    private void confirm(Context ctx) {
        HtmlPage.send(ctx, 200, ConfirmationPage.done(registrations.confirm(ctx.pathParam("token"))));
    }
}
