package org.cnnbench.data.fruits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CMYK and YCCK JPEGs, generated here from an RGB picture the way Adobe applications store them
 * (inverted samples, APP14 marker with transform 0 or 2) and as plain CMYK without a marker, decode
 * within 3 % mean error of the RGB original; ImageIO's own conversion of the same files is far off.
 */
class CmykJpegTest {

  private static final int SIZE = 48;

  @TempDir Path dir;

  /** A smooth, saturated picture: hue across, brightness down, a dark corner for K. */
  static int[] original() {
    int[] rgb = new int[SIZE * SIZE];
    for (int y = 0; y < SIZE; y++) {
      for (int x = 0; x < SIZE; x++) {
        float hue = x / (float) SIZE;
        float value = 1f - 0.8f * y / SIZE;
        rgb[y * SIZE + x] = Color.HSBtoRGB(hue, 0.9f, value) & 0xFFFFFF;
      }
    }
    return rgb;
  }

  /**
   * Writes a four-channel JPEG: {@code transform} -1 = plain CMYK, 0 = Adobe CMYK, 2 = Adobe YCCK.
   */
  static Path write(Path file, int[] rgb, int transform) throws IOException {
    WritableRaster raster =
        Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, SIZE, SIZE, 4, null);
    for (int i = 0; i < rgb.length; i++) {
      int r = rgb[i] >> 16 & 0xFF;
      int g = rgb[i] >> 8 & 0xFF;
      int b = rgb[i] & 0xFF;
      int k = 255 - Math.max(r, Math.max(g, b));
      double scale = k == 255 ? 0 : 255.0 / (255 - k);
      int[] ink = {
        (int) Math.round((255 - r - k) * scale),
        (int) Math.round((255 - g - k) * scale),
        (int) Math.round((255 - b - k) * scale),
        k
      };
      int[] px = new int[4];
      if (transform < 0) {
        px = ink;
      } else {
        double cr = 255 - ink[0];
        double cg = 255 - ink[1];
        double cb = 255 - ink[2];
        if (transform == 2) {
          // libjpeg's CMYK-to-YCCK: Y, Cb, Cr of 255 minus the (inverted) samples, i.e. of the ink
          cr = ink[0];
          cg = ink[1];
          cb = ink[2];
          px[0] = clamp(0.299 * cr + 0.587 * cg + 0.114 * cb);
          px[1] = clamp(-0.168736 * cr - 0.331264 * cg + 0.5 * cb + 128);
          px[2] = clamp(0.5 * cr - 0.418688 * cg - 0.081312 * cb + 128);
        } else {
          px[0] = (int) cr;
          px[1] = (int) cg;
          px[2] = (int) cb;
        }
        px[3] = 255 - ink[3];
      }
      raster.setPixel(i % SIZE, i / SIZE, px);
    }
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ImageWriteParam param = writer.getDefaultWriteParam();
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionQuality(0.95f);
    IIOMetadata metadata = null;
    if (transform >= 0) {
      // the writer's own metadata for four channels, with an Adobe APP14 marker added
      ByteArrayOutputStream plain = new ByteArrayOutputStream();
      try (ImageOutputStream out = ImageIO.createImageOutputStream(plain)) {
        writer.setOutput(out);
        writer.write(null, new IIOImage(raster, null, null), param);
      }
      try (ImageInputStream in =
          ImageIO.createImageInputStream(new ByteArrayInputStream(plain.toByteArray()))) {
        ImageReader reader = ImageIO.getImageReaders(in).next();
        reader.setInput(in);
        metadata = reader.getImageMetadata(0);
      }
      IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree("javax_imageio_jpeg_image_1.0");
      IIOMetadataNode markers =
          (IIOMetadataNode) root.getElementsByTagName("markerSequence").item(0);
      IIOMetadataNode adobe = new IIOMetadataNode("app14Adobe");
      adobe.setAttribute("version", "101");
      adobe.setAttribute("flags0", "0");
      adobe.setAttribute("flags1", "0");
      adobe.setAttribute("transform", String.valueOf(transform));
      markers.insertBefore(adobe, markers.getFirstChild());
      metadata.setFromTree("javax_imageio_jpeg_image_1.0", root);
    }
    Files.deleteIfExists(file);
    try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(raster, null, metadata), param);
    }
    writer.dispose();
    return file;
  }

  private static int clamp(double v) {
    return (int) Math.round(Math.max(0, Math.min(255, v)));
  }

  /**
   * @return mean absolute error over R, G, B as a fraction of 255
   */
  static double meanError(byte[] chw, int[] rgb) {
    int plane = SIZE * SIZE;
    double sum = 0;
    for (int i = 0; i < plane; i++) {
      sum += Math.abs((chw[i] & 0xFF) - (rgb[i] >> 16 & 0xFF));
      sum += Math.abs((chw[plane + i] & 0xFF) - (rgb[i] >> 8 & 0xFF));
      sum += Math.abs((chw[2 * plane + i] & 0xFF) - (rgb[i] & 0xFF));
    }
    return sum / (3.0 * plane * 255);
  }

  private static double meanError(BufferedImage image, int[] rgb) {
    int plane = SIZE * SIZE;
    byte[] chw = new byte[3 * plane];
    for (int i = 0; i < plane; i++) {
      int p = image.getRGB(i % SIZE, i / SIZE);
      chw[i] = (byte) (p >> 16);
      chw[plane + i] = (byte) (p >> 8);
      chw[2 * plane + i] = (byte) p;
    }
    return meanError(chw, rgb);
  }

  @Test
  void cmykAndYcckDecodeWithinThreePercentOfTheRgbOriginal() throws Exception {
    int[] rgb = original();
    for (int transform : new int[] {-1, 0, 2}) {
      Path file = write(dir.resolve("t" + transform + ".jpg"), rgb, transform);
      ImageDecoder.Decoded decoded = ImageDecoder.decode(file, SIZE, SIZE);
      double error = meanError(decoded.pixels(), rgb);
      double imageIo = meanError(ImageIO.read(file.toFile()), rgb);
      String what =
          (transform < 0 ? "plain CMYK" : transform == 0 ? "Adobe CMYK" : "Adobe YCCK")
              + String.format(
                  Locale.ROOT,
                  ": mean error %.2f %% (ImageIO's own conversion: %.2f %%)",
                  100 * error,
                  100 * imageIo);
      assertTrue(error < 0.03, what);
      // the error of the colour conversion that was fixed; keeps the test able to fail
      assertTrue(imageIo > 2 * error, what);
      System.out.println(what);
    }
  }

  @Test
  void aYcckJpegWrittenByImageMagickDecodesWithinThreePercent() throws Exception {
    Path jpeg = dir.resolve("ycck.jpg");
    Path png = dir.resolve("original.png");
    try (var in = CmykJpegTest.class.getResourceAsStream("/cmyk/ycck-imagemagick.jpg");
        var in2 = CmykJpegTest.class.getResourceAsStream("/cmyk/cmyk-original.png")) {
      Files.copy(in, jpeg);
      Files.copy(in2, png);
    }
    BufferedImage original = ImageIO.read(png.toFile());
    int n = original.getWidth();
    int[] rgb = original.getRGB(0, 0, n, n, null, 0, n);
    byte[] decoded = ImageDecoder.decode(jpeg, n, n).pixels();
    int plane = n * n;
    double sum = 0;
    double imageIoSum = 0;
    BufferedImage viaImageIo = ImageIO.read(jpeg.toFile());
    for (int i = 0; i < plane; i++) {
      int q = viaImageIo.getRGB(i % n, i / n);
      for (int c = 0; c < 3; c++) {
        int want = rgb[i] >> (16 - 8 * c) & 0xFF;
        sum += Math.abs((decoded[c * plane + i] & 0xFF) - want);
        imageIoSum += Math.abs((q >> (16 - 8 * c) & 0xFF) - want);
      }
    }
    double error = sum / (3.0 * plane * 255);
    double imageIo = imageIoSum / (3.0 * plane * 255);
    String what =
        String.format(
            Locale.ROOT,
            "ImageMagick YCCK: mean error %.2f %% (ImageIO's own: %.2f %%)",
            100 * error,
            100 * imageIo);
    System.out.println(what);
    assertTrue(error < 0.03, what);
    assertTrue(imageIo > 2 * error, what);
  }

  @Test
  void anUnknownFourChannelTransformIsRejectedWithItsReason() throws Exception {
    int[] rgb = original();
    Path file = write(dir.resolve("t1.jpg"), rgb, 1);
    ImageDecoder.Rejected e =
        assertThrows(ImageDecoder.Rejected.class, () -> ImageDecoder.decode(file, SIZE, SIZE));
    assertEquals(
        "four-channel JPEG with Adobe transform 1 (only CMYK and YCCK are supported)",
        e.getMessage());
  }

  @Test
  void anRgbJpegIsUnchangedByThis() throws Exception {
    int[] rgb = original();
    BufferedImage img = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
    img.setRGB(0, 0, SIZE, SIZE, rgb, 0, SIZE);
    Path file = dir.resolve("rgb.jpg");
    ImageIO.write(img, "jpg", file.toFile());
    byte[] viaDecoder = ImageDecoder.decode(file, SIZE, SIZE).pixels();
    assertEquals(meanError(ImageIO.read(file.toFile()), rgb), meanError(viaDecoder, rgb), 1e-12);
  }
}
