package org.cnnbench.data.fruits;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes one image file into RGB uint8 pixels in C, H, W order at a target size.
 *
 * <ul>
 *   <li>Any format {@link ImageIO} reads (JPEG, PNG, BMP, GIF, ...); the first image of the file.
 *   <li>Grey images: the grey value is copied to R, G and B (no colour-space gamma conversion, the
 *       same as PIL's {@code convert("RGB")} and TensorFlow's {@code decode_image(channels=3)}).
 *   <li>Alpha: composited on white, {@code c * a + 255 * (1 - a)}, rounded.
 *   <li>CMYK and YCCK JPEGs: converted by {@link CmykJpeg} from the raw channels (ImageIO's own
 *       conversion washes them out); other four-channel JPEG transforms are rejected.
 *   <li>Resize: only when the size differs from the target, bilinear with Java2D ({@code
 *       VALUE_INTERPOLATION_BILINEAR}, pixel centres aligned, no antialiasing: like {@code
 *       tf.image.resize(..., "bilinear")}, Keras' {@code image_dataset_from_directory} default).
 *       The aspect ratio is not kept (stretched), as Keras does by default.
 *   <li>A file ImageIO has no reader for, that fails to decode, or whose decoder reports a warning
 *       (e.g. a truncated JPEG, which the JPEG decoder otherwise pads with grey) is rejected with a
 *       reason; the caller skips it.
 * </ul>
 */
public final class ImageDecoder {

  /** How images are resized, for the notes. */
  public static final String INTERPOLATION =
      "bilinear (Java2D VALUE_INTERPOLATION_BILINEAR, no"
          + " antialiasing, aspect ratio not kept), only for images not already at the target size";

  /** How colours are converted, for the notes. */
  public static final String COLOUR =
      "RGB; grey replicated to R, G, B; alpha composited on white;"
          + " CMYK and YCCK JPEG: R = 255 (1 - C)(1 - K) etc., Adobe-inverted samples, ICC profile ignored";

  private ImageDecoder() {}

  /** Why a file was not used. */
  public static final class Rejected extends Exception {
    private static final long serialVersionUID = 1L;

    Rejected(String reason) {
      super(reason, null, false, false);
    }
  }

  /**
   * The result of decoding one file.
   *
   * @param pixels {@code 3 * height * width} bytes, C, H, W order
   * @param sourceWidth width of the file's image
   * @param sourceHeight height of the file's image
   */
  @SuppressWarnings(
      "ArrayRecordComponent") // one decoded image as a primitive buffer, for size and speed
  public record Decoded(byte[] pixels, int sourceWidth, int sourceHeight) {
    /**
     * @param width target width
     * @param height target height
     * @return true if the image was resized
     */
    public boolean resized(int width, int height) {
      return sourceWidth != width || sourceHeight != height;
    }
  }

  /**
   * @param file the image file
   * @param width target width
   * @param height target height
   * @return the pixels
   * @throws Rejected with a one-line reason if the file is not a readable image
   */
  public static Decoded decode(Path file, int width, int height) throws Rejected {
    BufferedImage image = read(file);
    int w = image.getWidth();
    int h = image.getHeight();
    if (w <= 0 || h <= 0) {
      throw new Rejected("empty image " + w + "x" + h);
    }
    int[] argb = toRgb(image);
    if (w != width || h != height) {
      argb = resize(argb, w, h, width, height);
    }
    int plane = width * height;
    byte[] out = new byte[3 * plane];
    for (int i = 0; i < plane; i++) {
      int p = argb[i];
      out[i] = (byte) (p >> 16);
      out[plane + i] = (byte) (p >> 8);
      out[2 * plane + i] = (byte) p;
    }
    return new Decoded(out, w, h);
  }

  private static BufferedImage read(Path file) throws Rejected {
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      if (in == null) {
        throw new Rejected("cannot open file");
      }
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new Rejected("not an image format ImageIO can read");
      }
      ImageReader reader = readers.next();
      List<String> warnings = new ArrayList<>();
      try {
        reader.addIIOReadWarningListener(
            new IIOReadWarningListener() {
              @Override
              public void warningOccurred(ImageReader source, String warning) {
                warnings.add(warning);
              }
            });
        reader.setInput(in, true, true);
        CmykJpeg.Layout cmyk = CmykJpeg.layout(reader);
        BufferedImage image =
            cmyk == null ? reader.read(0) : CmykJpeg.toRgb(reader.readRaster(0, null), cmyk);
        if (!warnings.isEmpty()) {
          throw new Rejected(reader.getFormatName() + " decoder warning: " + warnings.get(0));
        }
        return image;
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new Rejected("cannot decode: " + msg.replaceAll("\\s+", " ").strip());
    }
  }

  /**
   * @return opaque 0xFFRRGGBB pixels, row-major, grey replicated and alpha composited on white
   */
  static int[] toRgb(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    int n = w * h;
    int[] out = new int[n];
    Raster raster = image.getRaster();
    ColorModel cm = image.getColorModel();
    if (image.getType() == BufferedImage.TYPE_3BYTE_BGR
        && raster.getDataBuffer() instanceof DataBufferByte db
        && db.getNumBanks() == 1
        && raster.getSampleModelTranslateX() == 0
        && raster.getSampleModelTranslateY() == 0
        && db.getData().length == 3 * n) {
      byte[] d = db.getData();
      for (int i = 0; i < n; i++) {
        out[i] =
            0xFF000000
                | ((d[3 * i + 2] & 0xFF) << 16)
                | ((d[3 * i + 1] & 0xFF) << 8)
                | (d[3 * i] & 0xFF);
      }
      return out;
    }
    boolean grey =
        cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY
            && raster.getNumBands() <= 2
            && cm.getComponentSize(0) <= 16;
    if (grey) {
      int bits = cm.getComponentSize(0);
      int max = (1 << bits) - 1;
      boolean alpha = cm.hasAlpha() && raster.getNumBands() == 2;
      int alphaMax = alpha ? (1 << cm.getComponentSize(1)) - 1 : 1;
      int[] g = raster.getSamples(0, 0, w, h, 0, (int[]) null);
      int[] a = alpha ? raster.getSamples(0, 0, w, h, 1, (int[]) null) : null;
      for (int i = 0; i < n; i++) {
        int v = bits == 8 ? g[i] : (int) Math.round(g[i] * 255.0 / max);
        if (a != null) {
          int av = alphaMax == 255 ? a[i] : (int) Math.round(a[i] * 255.0 / alphaMax);
          v = composite(v, av);
        }
        out[i] = 0xFF000000 | v << 16 | v << 8 | v;
      }
      return out;
    }
    image.getRGB(0, 0, w, h, out, 0, w);
    if (cm.hasAlpha()) {
      for (int i = 0; i < n; i++) {
        int p = out[i];
        int a = p >>> 24;
        if (a != 255) {
          out[i] =
              0xFF000000
                  | composite(p >> 16 & 0xFF, a) << 16
                  | composite(p >> 8 & 0xFF, a) << 8
                  | composite(p & 0xFF, a);
        }
      }
    } else {
      for (int i = 0; i < n; i++) {
        out[i] |= 0xFF000000;
      }
    }
    return out;
  }

  private static int composite(int c, int a) {
    return (c * a + 255 * (255 - a) + 127) / 255;
  }

  private static int[] resize(int[] argb, int w, int h, int width, int height) {
    BufferedImage src = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    src.setRGB(0, 0, w, h, argb, 0, w);
    BufferedImage dst = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = dst.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.drawImage(src, 0, 0, width, height, null);
    } finally {
      g.dispose();
    }
    int[] data = ((DataBufferInt) dst.getRaster().getDataBuffer()).getData();
    return data.clone();
  }
}
