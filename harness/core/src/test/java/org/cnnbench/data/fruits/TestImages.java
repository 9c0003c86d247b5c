package org.cnnbench.data.fruits;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.cnnbench.data.DataLocations;
import org.cnnbench.spec.ModelCatalog;
import org.cnnbench.spec.ModelSpec;

/** Helpers that write small image folders for the tests. */
final class TestImages {

  private TestImages() {}

  static ModelSpec fruitCnn() {
    return ModelCatalog.get("fruit-cnn").spec();
  }

  static DataLocations locations(Path datasetsRoot, Map<String, String> options) {
    return new DataLocations(datasetsRoot, "npm", options);
  }

  /** Writes an opaque RGB image of one colour. */
  static Path solid(Path file, int width, int height, int rgb, String format) throws IOException {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        img.setRGB(x, y, rgb);
      }
    }
    return write(img, file, format);
  }

  /** Writes an RGB image of seeded noise. */
  static Path noise(Path file, int width, int height, long seed, String format) throws IOException {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Random r = new Random(seed);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        img.setRGB(x, y, r.nextInt(0x1000000));
      }
    }
    return write(img, file, format);
  }

  /** Writes a grey image of one value. */
  static Path grey(Path file, int width, int height, int value) throws IOException {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        img.getRaster().setSample(x, y, 0, value);
      }
    }
    return write(img, file, "png");
  }

  /** Writes an ARGB PNG of one colour and alpha. */
  static Path argb(Path file, int width, int height, int argb) throws IOException {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        img.setRGB(x, y, argb);
      }
    }
    return write(img, file, "png");
  }

  static Path write(BufferedImage img, Path file, String format) throws IOException {
    Files.createDirectories(file.getParent());
    if (!ImageIO.write(img, format, file.toFile())) {
      throw new IOException("no writer for " + format);
    }
    return file;
  }

  /** A folder with {@code perClass} noise JPEGs of 128x128 in fresh/ and rotten/. */
  static Path twoClasses(Path dir, int perClass) throws IOException {
    for (String c : new String[] {"fresh", "rotten"}) {
      for (int i = 0; i < perClass; i++) {
        noise(
            dir.resolve(c).resolve(String.format("img_%03d.jpg", i)),
            128,
            128,
            c.hashCode() * 1000L + i,
            "jpg");
      }
    }
    return dir;
  }
}
