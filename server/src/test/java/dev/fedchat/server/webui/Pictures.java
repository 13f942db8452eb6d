package dev.fedchat.server.webui;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Pictures to upload in the browser tests. */
final class Pictures {
    private Pictures() {}

    /** A small real PNG at {@code file}, so the browser has something to decode. */
    static Path png(Path file) throws IOException {
        BufferedImage image = new BufferedImage(16, 12, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 16; x++) {
            for (int y = 0; y < 12; y++) {
                image.setRGB(x, y, new Color(255, 16 * y, 10 * x).getRGB());
            }
        }
        ImageIO.write(image, "png", file.toFile());
        assertThat(Files.size(file)).isPositive();
        return file;
    }
}
