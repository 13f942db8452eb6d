package dev.fedchat.server.avatar;

import java.util.Locale;
import java.util.Optional;

/**
 * The {@code ?format=} of {@code /avatar/<name>}: Rocket.Chat serves its initials as SVG unless
 * {@code png}, {@code jpg} or {@code jpeg} is asked (server/routes/avatar/utils.ts), and an
 * uploaded picture as it stored it. Here an uploaded picture is PNG unless JPEG is asked.
 */
public enum AvatarFormat {
    SVG("image/svg+xml"),
    PNG("image/png"),
    JPEG("image/jpeg");

    private final String contentType;

    AvatarFormat(String contentType) {
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }

    /** {@code format} as a client sends it; absent means SVG; empty when it names no format we serve. */
    public static Optional<AvatarFormat> parse(String format) {
        if (format == null || format.isBlank()) {
            return Optional.of(SVG);
        }
        return switch (format.strip().toLowerCase(Locale.ROOT)) {
            case "svg" -> Optional.of(SVG);
            case "png" -> Optional.of(PNG);
            case "jpg", "jpeg" -> Optional.of(JPEG);
            default -> Optional.empty();
        };
    }
}
