package dev.fedchat.server.message.markdown;

import java.util.List;

/**
 * The knobs of Rocket.Chat's message parser, as its server passes them when it stores a message's {@code md}
 * ({@code getMarkdownConfig} of Rocket.Chat 6's message service).
 *
 * @param colors           {@code color:#rrggbb} becomes a COLOR node (setting {@code HexColorPreview_Enabled})
 * @param emoticons        {@code :)} and friends become EMOJI nodes (always on in Rocket.Chat)
 * @param katexDollar      {@code $$…$$} and {@code $…$} are KaTeX (setting {@code Katex_Dollar_Syntax})
 * @param katexParenthesis {@code \[…\]} and {@code \(…\)} are KaTeX (setting {@code Katex_Parenthesis_Syntax})
 * @param customDomains    hosts auto-linked although their suffix is no public one
 *                         (setting {@code Message_CustomDomain_AutoLink}, comma-separated there)
 */
public record MarkdownOptions(boolean colors, boolean emoticons, boolean katexDollar, boolean katexParenthesis,
                              List<String> customDomains) {

    public MarkdownOptions {
        customDomains = List.copyOf(customDomains);
    }

    /**
     * Rocket.Chat 6's defaults: hex colour preview on, emoticons on, KaTeX enabled with the parenthesis
     * syntax and without the dollar one, no custom domains.
     */
    public static MarkdownOptions rocketChatDefaults() {
        return new MarkdownOptions(true, true, false, true, List.of());
    }
}
