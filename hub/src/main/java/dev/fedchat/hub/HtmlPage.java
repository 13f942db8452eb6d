package dev.fedchat.hub;

import io.javalin.http.Context;

/**
 * The frame of the hub's few pages: self-contained HTML (inline style, no scripts, nothing
 * loaded from elsewhere), with headers that keep the link's token where it is: no referrer, no
 * caching, no framing (a framed Confirm button could be clicked by deception).
 */
final class HtmlPage {
    private HtmlPage() {}

    static void send(Context ctx, int status, String body) {
        ctx.status(status)
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self';"
                        + " frame-ancestors 'none'; base-uri 'none'")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Frame-Options", "DENY")
                .header("Cache-Control", "no-store")
                .html(body);
    }

    /** A whole page; {@code title} is escaped here, {@code body} must already be escaped HTML. */
    static String page(String title, String body) {
        return """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s</title>
                <style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5}
                dt{font-weight:600}dd{margin:0 0 .8rem 0;font-family:monospace;word-break:break-all}
                button{font-size:1rem;padding:.5rem 1.5rem}.note{color:#555}</style>
                </head><body>
                <h1>%s</h1>
                %s
                </body></html>
                """.formatted(escape(title), escape(title), body);
    }

    /** Text made safe for HTML element content and quoted attribute values. */
    static String escape(String text) {
        StringBuilder s = new StringBuilder(text.length() + 16);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> s.append("&amp;");
                case '<' -> s.append("&lt;");
                case '>' -> s.append("&gt;");
                case '"' -> s.append("&quot;");
                case '\'' -> s.append("&#39;");
                default -> s.append(c);
            }
        }
        return s.toString();
    }
}
