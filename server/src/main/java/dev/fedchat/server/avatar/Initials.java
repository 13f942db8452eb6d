package dev.fedchat.server.avatar;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;

/**
 * The default avatar, as Rocket.Chat draws it (server/routes/avatar/utils.ts, getAvatarColor.ts):
 * the first letter or digit of the name, upper-cased, white on one of six colours picked by the
 * name's length. Only {@code [A-Za-z0-9]} can become the letter, and it is XML-escaped all the
 * same, so no name can put markup into the SVG. Immutable.
 */
public record Initials(String letter, String color) {
    private static final String[] COLORS = {"#158D65", "#7F1B9F", "#B68D00", "#E26D0E", "#10529E", "#6C727A"};
    /** Rocket.Chat's size when none is asked. */
    public static final int DEFAULT_SIZE = 200;

    public static Initials of(String name) {
        String letters = name.replaceAll("[^A-Za-z0-9]", "");
        String letter = letters.isEmpty() ? "" : letters.substring(0, 1).toUpperCase(java.util.Locale.ROOT);
        return new Initials(letter, COLORS[name.length() % COLORS.length]);
    }

    public byte[] render(int size, AvatarFormat format) {
        return format == AvatarFormat.SVG ? svg(size).getBytes(StandardCharsets.UTF_8) : AvatarImages.encode(raster(size,
                format == AvatarFormat.JPEG), format);
    }

    String svg(int size) {
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + size + " " + size + "\">\n"
                + "<rect width=\"100%\" height=\"100%\" fill=\"" + color + "\"/>\n"
                + "<text x=\"50%\" y=\"50%\" dy=\"0.36em\" text-anchor=\"middle\" pointer-events=\"none\" fill=\"#ffffff\""
                + " font-family=\"'Helvetica', 'Arial', 'Lucida Grande', 'sans-serif'\" font-size=\"" + number(fontSize(size)) + "\">\n"
                + escape(letter) + "\n</text>\n</svg>";
    }

    private BufferedImage raster(int size, boolean opaque) {
        BufferedImage image = new BufferedImage(size, size, opaque ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.decode(color));
            g.fillRect(0, 0, size, size);
            g.setColor(Color.WHITE);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.round(fontSize(size))));
            FontMetrics m = g.getFontMetrics();
            int x = (size - m.stringWidth(letter)) / 2;
            int y = (size - m.getHeight()) / 2 + m.getAscent();
            g.drawString(letter, x, y);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static float fontSize(int size) {
        return size / 1.6f;
    }

    /** As JavaScript prints a number: 125, not 125.0. */
    private static String number(float value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
