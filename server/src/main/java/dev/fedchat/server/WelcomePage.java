package dev.fedchat.server;

import dev.fedchat.server.settings.Settings;
import dev.fedchat.server.settings.SettingsService;

/** The page at {@code /} until the web client lands: what this is and where the API lives. */
final class WelcomePage {
    private WelcomePage() {}

    static String html(SettingsService settings) {
        String name = escape(settings.string(Settings.SITE_NAME));
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>%s</title></head>
                <body>
                <main>
                <h1>%s</h1>
                <p>This fedchat server speaks the Rocket.Chat API: REST under <code>/api/v1</code>,
                realtime (DDP) at <code>/websocket</code>. Use any Rocket.Chat client or bot.</p>
                </main>
                </body></html>
                """.formatted(name, name);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
