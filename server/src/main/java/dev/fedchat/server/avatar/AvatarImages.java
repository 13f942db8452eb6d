package dev.fedchat.server.avatar;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Turns received bytes into the one form an avatar is kept in, and that form into what a client
 * asks for, with the JDK's ImageIO only.
 *
 * <p><b>What is accepted</b>: PNG, JPEG, GIF (the first frame) and BMP, of at most
 * {@link #MAX_SOURCE_SIDE} pixels a side and {@link #MAX_SOURCE_PIXELS} in all. The size is read
 * from the image's header before any pixel is decoded, so a small file that declares a huge
 * picture (a decompression bomb) is refused without the memory it would take. SVG is not
 * accepted: it is a document that can carry scripts and links, not a picture. Nothing received is
 * ever served back: every picture is decoded, cropped to a centred square, scaled to at most
 * {@link #STORED_SIDE} pixels and encoded again as PNG here, so what a client gets is pixels this
 * server wrote (no metadata, no trailing payload).
 *
 * <p>Stateless; thread-safe.
 */
public final class AvatarImages {
    /** The reader formats accepted, as ImageIO names them. */
    private static final Set<String> FORMATS = Set.of("png", "jpeg", "gif", "bmp");
    public static final int MAX_SOURCE_SIDE = 4096;
    public static final long MAX_SOURCE_PIXELS = 4096L * 4096L;
    /** Rocket.Chat resizes avatars to 200 by default; clients ask up to 1024, so keep enough to look sharp at 512. */
    public static final int STORED_SIDE = 512;
    public static final int MIN_SIZE = 16;
    public static final int MAX_SIZE = 1024;

    static {
        // decode from memory only: no temporary files per upload
        ImageIO.setUseCache(false);
    }

    private AvatarImages() {}

    /** {@code bytes} as the PNG this server keeps. */
    public static byte[] normalize(byte[] bytes) throws InvalidImageException {
        BufferedImage decoded = decode(bytes);
        int side = Math.min(decoded.getWidth(), decoded.getHeight());
        BufferedImage square = decoded.getSubimage((decoded.getWidth() - side) / 2, (decoded.getHeight() - side) / 2, side, side);
        return encode(scale(square, Math.min(side, STORED_SIDE), false), AvatarFormat.PNG);
    }

    /** A stored PNG at {@code size} pixels a side (never larger than stored), as {@code format} (SVG: PNG). */
    public static byte[] render(byte[] storedPng, int size, AvatarFormat format) {
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(storedPng));
        } catch (IOException e) {
            throw new UncheckedIOException("a stored avatar could not be read back", e);
        }
        if (image == null) {
            throw new IllegalStateException("a stored avatar is not a PNG");
        }
        AvatarFormat out = format == AvatarFormat.JPEG ? AvatarFormat.JPEG : AvatarFormat.PNG;
        return encode(scale(image, Math.min(size, image.getWidth()), out == AvatarFormat.JPEG), out);
    }

    /** {@code ?size=} as Rocket.Chat reads it: a number clamped to 16…1024, otherwise {@code fallback}. */
    public static int size(String requested, int fallback) {
        if (requested == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(requested.strip());
            return n <= 0 ? fallback : Math.min(Math.max(n, MIN_SIZE), MAX_SIZE);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    static BufferedImage decode(byte[] bytes) throws InvalidImageException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new InvalidImageException("not a picture: PNG, JPEG, GIF or BMP is expected");
            }
            ImageReader reader = readers.next();
            try {
                String format = reader.getFormatName().toLowerCase(Locale.ROOT);
                if (!FORMATS.contains(format)) {
                    throw new InvalidImageException("a " + format + " picture is not accepted: PNG, JPEG, GIF or BMP is expected");
                }
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width <= 0 || height <= 0 || width > MAX_SOURCE_SIDE || height > MAX_SOURCE_SIDE
                        || (long) width * height > MAX_SOURCE_PIXELS) {
                    throw new InvalidImageException("the picture is " + width + "x" + height + " pixels; at most "
                            + MAX_SOURCE_SIDE + "x" + MAX_SOURCE_SIDE + " is accepted");
                }
                BufferedImage image = reader.read(0);
                if (image == null) {
                    throw new InvalidImageException("the picture could not be decoded");
                }
                return image;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            // a truncated or corrupt file, or one ImageIO cannot read (a CMYK JPEG): refused, never a 500
            throw new InvalidImageException("the picture could not be decoded: " + (e.getMessage() == null
                    ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }

    /** {@code image} scaled to {@code side} square, in halving steps so a large picture does not alias. */
    private static BufferedImage scale(BufferedImage image, int side, boolean opaque) {
        BufferedImage current = copy(image, image.getWidth(), image.getHeight(), opaque);
        int w = current.getWidth();
        while (w / 2 >= side) {
            w /= 2;
            current = copy(current, w, w, opaque);
        }
        return w == side ? current : copy(current, side, side, opaque);
    }

    private static BufferedImage copy(BufferedImage source, int width, int height, boolean opaque) {
        BufferedImage target = new BufferedImage(width, height, opaque ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = target.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            if (opaque) {
                // JPEG has no transparency: what was transparent becomes white, not black
                g.setColor(Color.WHITE);
                g.fillRect(0, 0, width, height);
            }
            g.drawImage(source, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return target;
    }

    static byte[] encode(BufferedImage image, AvatarFormat format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format == AvatarFormat.JPEG ? "jpeg" : "png", out)) {
                throw new IllegalStateException("the JDK has no " + format + " writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
