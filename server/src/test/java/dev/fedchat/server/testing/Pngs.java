package dev.fedchat.server.testing;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Pictures for avatar tests, made here: plain images, and a PNG whose header lies about its size (a decompression bomb). */
public final class Pngs {
    private Pngs() {}

    /** A {@code width}×{@code height} picture, left half {@code left}, right half {@code right}, as {@code format} (png, jpeg, gif). */
    public static byte[] image(int width, int height, Color left, Color right, String format) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(left);
        g.fillRect(0, 0, width / 2, height);
        g.setColor(right);
        g.fillRect(width / 2, 0, width - width / 2, height);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A valid small PNG whose header says it is {@code width}×{@code height}: decoding it would take gigabytes. */
    public static byte[] bomb(int width, int height) {
        byte[] png = image(8, 8, Color.RED, Color.RED, "png");
        // IHDR follows the 8-byte signature: length (4), type (4), width (4), height (4), ...; its CRC covers type + 13 bytes
        ByteBuffer b = ByteBuffer.wrap(png);
        b.putInt(16, width);
        b.putInt(20, height);
        CRC32 crc = new CRC32();
        crc.update(png, 12, 17);
        b.putInt(29, (int) crc.getValue());
        return png;
    }

    public static BufferedImage read(byte[] bytes) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            if (image == null) {
                throw new IllegalArgumentException("not an image: " + bytes.length + " bytes");
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
