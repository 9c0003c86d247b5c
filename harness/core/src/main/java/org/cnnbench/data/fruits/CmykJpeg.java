package org.cnnbench.data.fruits;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Four-channel JPEGs (CMYK, and YCCK as Photoshop writes them), which ImageIO's own conversion
 * washes out: the raw channels are read with {@link ImageReader#readRaster} and converted here.
 *
 * <ul>
 *   <li>YCCK (Adobe APP14 transform 2): Y, Cb, Cr go back to C, M, Y with the JFIF YCbCr-to-RGB
 *       equations and are inverted, as libjpeg does ({@code C = 255 - R(Y, Cb, Cr)}); K is kept.
 *   <li>With an Adobe APP14 marker the C, M, Y, K samples are stored inverted (255 = no ink), the
 *       way Adobe applications write them; without one they are plain.
 *   <li>CMYK to RGB is the device conversion {@code R = 255 (1 - C)(1 - K)} (likewise G with M, B
 *       with Y), what PIL and ImageMagick do without a colour profile; an embedded ICC profile is
 *       ignored.
 * </ul>
 */
final class CmykJpeg {

  private CmykJpeg() {}

  /**
   * The Adobe transform of a four-channel JPEG: none (plain CMYK), 0 (inverted CMYK) or 2 (YCCK).
   */
  record Layout(boolean adobe, int transform) {}

  /**
   * @param reader a JPEG reader with its input set
   * @return the layout when the first image has four components, else null
   * @throws IOException if the metadata cannot be read
   */
  static Layout layout(ImageReader reader) throws IOException {
    if (!"jpeg".equalsIgnoreCase(reader.getFormatName())) {
      return null;
    }
    IIOMetadata metadata = reader.getImageMetadata(0);
    if (metadata == null) {
      return null;
    }
    Element root = (Element) metadata.getAsTree("javax_imageio_jpeg_image_1.0");
    NodeList sof = root.getElementsByTagName("sof");
    if (sof.getLength() == 0
        || !"4".equals(((Element) sof.item(0)).getAttribute("numFrameComponents"))) {
      return null;
    }
    NodeList adobe = root.getElementsByTagName("app14Adobe");
    if (adobe.getLength() == 0) {
      return new Layout(false, 0);
    }
    String transform = ((Element) adobe.item(0)).getAttribute("transform");
    return new Layout(true, transform.isEmpty() ? 0 : Integer.parseInt(transform));
  }

  /**
   * @param raster the four raw channels of the image
   * @param layout how they are stored
   * @return the RGB image
   * @throws ImageDecoder.Rejected for a transform other than 0 and 2
   */
  static BufferedImage toRgb(Raster raster, Layout layout) throws ImageDecoder.Rejected {
    if (layout.transform() != 0 && layout.transform() != 2) {
      throw new ImageDecoder.Rejected(
          "four-channel JPEG with Adobe transform "
              + layout.transform()
              + " (only CMYK and YCCK are supported)");
    }
    int w = raster.getWidth();
    int h = raster.getHeight();
    int[] px = raster.getPixels(raster.getMinX(), raster.getMinY(), w, h, (int[]) null);
    int[] rgb = new int[w * h];
    boolean ycck = layout.transform() == 2;
    // inverted samples: 255 - ink; YCCK and Adobe CMYK store them so, plain CMYK does not
    boolean inverted = layout.adobe();
    for (int i = 0; i < rgb.length; i++) {
      double c = px[4 * i];
      double m = px[4 * i + 1];
      double y = px[4 * i + 2];
      double k = px[4 * i + 3];
      if (ycck) {
        double luma = c;
        double cb = m - 128;
        double cr = y - 128;
        // libjpeg's YCCK: Y, Cb, Cr encode the ink of C, M, Y; the stored samples are 255 - that
        c = 255 - clamp(luma + 1.402 * cr);
        m = 255 - clamp(luma - 0.344136 * cb - 0.714136 * cr);
        y = 255 - clamp(luma + 1.772 * cb);
      }
      if (!inverted) {
        c = 255 - c;
        m = 255 - m;
        y = 255 - y;
        k = 255 - k;
      }
      // now c, m, y, k are 255 - ink: R = 255 (1 - C)(1 - K) = c k / 255
      int r = (int) Math.round(c * k / 255);
      int g = (int) Math.round(m * k / 255);
      int b = (int) Math.round(y * k / 255);
      rgb[i] = 0xFF000000 | r << 16 | g << 8 | b;
    }
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    out.setRGB(0, 0, w, h, rgb, 0, w);
    return out;
  }

  private static double clamp(double v) {
    return v < 0 ? 0 : v > 255 ? 255 : v;
  }
}
