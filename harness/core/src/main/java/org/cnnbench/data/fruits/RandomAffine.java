package org.cnnbench.data.fruits;

import java.util.SplittableRandom;
import org.cnnbench.data.DatasetSplits;
import org.cnnbench.data.ExampleSource;
import org.cnnbench.spec.Shape;

/**
 * Training augmentation like Keras' {@code RandomFlip("horizontal")}, {@code RandomZoom(zoom)} and
 * {@code RandomRotation(rotation)}, done by the harness so every framework sees the same pixels.
 *
 * <p>Per example, a {@link SplittableRandom} seeded from (trial seed, epoch, example index) draws,
 * in this order: a left-right flip with probability 1/2, a zoom factor {@code z} uniform in {@code
 * [1 - zoom, 1 + zoom]} (the same for height and width; {@code z > 1} zooms out, as in Keras) and
 * an angle uniform in {@code [-rotation, rotation] * 2 pi}. The three are composed into one affine
 * map from output to input pixel coordinates about the image centre {@code ((w-1)/2, (h-1)/2)}:
 * input = centre + flip(z * rot(angle) * (output - centre)), and the output is sampled once with
 * bilinear interpolation, points outside the image being reflected about the edge ({@code d c b a |
 * a b c d | d c b a}, Keras' default {@code fill_mode="reflect"}). Keras resamples after each
 * layer; one resampling differs from that only by the interpolation blur of the extra passes. The
 * precomputed map is applied in plain loops, no image object per example.
 *
 * @param flip whether to flip left-right at random
 * @param zoom zoom range, e.g. 0.2
 * @param rotation rotation range as a fraction of a full turn, e.g. 0.1 (plus or minus 36 degrees)
 */
public record RandomAffine(boolean flip, double zoom, double rotation)
    implements DatasetSplits.Augmentation {

  /** The talk's augmentation: flip horizontal, zoom 0.2, rotation 0.1. */
  public static final RandomAffine FRUITS = new RandomAffine(true, 0.2, 0.1);

  /** Checks the ranges. */
  public RandomAffine {
    if (!(zoom >= 0 && zoom < 1) || !(rotation >= 0 && rotation <= 0.5)) {
      throw new IllegalArgumentException(
          "zoom must be in [0, 1) and rotation in [0, 0.5], got " + zoom + ", " + rotation);
    }
  }

  /**
   * @return a one-line description for the notes
   */
  public String describe() {
    return "RandomFlip("
        + (flip ? "horizontal" : "none")
        + "), RandomZoom("
        + zoom
        + "), RandomRotation("
        + rotation
        + " turn) per example, seeded by (trial seed, epoch, index);"
        + " one bilinear resampling, fill reflect";
  }

  /**
   * The random draws for one example.
   *
   * @param flipped true if flipped left-right
   * @param zoomFactor output-to-input scale (above 1 zooms out)
   * @param angle radians
   */
  public record Draw(boolean flipped, double zoomFactor, double angle) {}

  /**
   * @param seed the trial's seed
   * @param epoch epoch number
   * @param index example index in the training set
   * @return the draws of that example
   */
  public Draw draw(long seed, int epoch, int index) {
    SplittableRandom r =
        new SplittableRandom(mix(mix(mix(seed ^ 0x6672756974736175L) + epoch) + index));
    boolean flipped = flip && r.nextDouble() < 0.5;
    double z = 1 + (r.nextDouble() * 2 - 1) * zoom;
    double angle = (r.nextDouble() * 2 - 1) * rotation * 2 * Math.PI;
    return new Draw(flipped, z, angle);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * @param d the draws
   * @param height image rows
   * @param width image columns
   * @return {a, b, tx, c, d, ty}: input x = a*x + b*y + tx, input y = c*x + d*y + ty
   */
  static double[] matrix(Draw d, int height, int width) {
    double cx = (width - 1) / 2.0;
    double cy = (height - 1) / 2.0;
    double cos = Math.cos(d.angle());
    double sin = Math.sin(d.angle());
    double z = d.zoomFactor();
    double f = d.flipped() ? -1 : 1;
    double a = f * z * cos;
    double b = -f * z * sin;
    double c = z * sin;
    double e = z * cos;
    return new double[] {a, b, cx - a * cx - b * cy, c, e, cy - c * cx - e * cy};
  }

  @Override
  public ExampleSource apply(ExampleSource train, long seed, int epoch) {
    Shape shape = train.shape();
    if (!shape.isImage()) {
      throw new IllegalArgumentException("augmentation needs images, got shape " + shape);
    }
    return new Augmented(train, this, seed, epoch);
  }

  /**
   * Samples {@code src} through an output-to-input affine map into {@code dst} (C, H, W floats).
   * Coordinates advance in 16.16 fixed point along each row (exact integer arithmetic, so the
   * result is the same on every machine); the bilinear weights are floats. A map without rotation,
   * zoom or shift reproduces the source exactly.
   *
   * @param src source image, one array per channel ({@code height * width} each)
   * @param height rows
   * @param width columns
   * @param m {a, b, tx, c, d, ty}
   * @param dst destination
   * @param offset where the image starts in {@code dst}
   */
  static void warp(float[][] src, int height, int width, double[] m, float[] dst, int offset) {
    if (src.length == 3) {
      warp3(src[0], src[1], src[2], height, width, m, dst, offset, 0, height);
      return;
    }
    int plane = height * width;
    int ai = (int) Math.round(m[0] * 65536);
    int ci = (int) Math.round(m[3] * 65536);
    for (int y = 0; y < height; y++) {
      int sx = (int) Math.round((m[1] * y + m[2]) * 65536);
      int sy = (int) Math.round((m[4] * y + m[5]) * 65536);
      int o = offset + y * width;
      for (int x = 0; x < width; x++, sx += ai, sy += ci, o++) {
        int x0 = sx >> 16;
        int y0 = sy >> 16;
        float fx = (sx & 0xFFFF) * (1f / 65536);
        float fy = (sy & 0xFFFF) * (1f / 65536);
        int xa = reflect(x0, width);
        int xb = reflect(x0 + 1, width);
        int ya = reflect(y0, height) * width;
        int yb = reflect(y0 + 1, height) * width;
        float w11 = fx * fy;
        float w10 = fy - w11;
        float w01 = fx - w11;
        float w00 = 1 - fx - fy + w11;
        for (int ch = 0; ch < src.length; ch++) {
          float[] p = src[ch];
          dst[o + ch * plane] =
              w00 * p[ya + xa] + w01 * p[ya + xb] + w10 * p[yb + xa] + w11 * p[yb + xb];
        }
      }
    }
  }

  /** {@link #warp} for three channels and rows {@code [yFrom, yTo)}, the hot path. */
  static void warp3(
      float[] r,
      float[] g,
      float[] b,
      int height,
      int width,
      double[] m,
      float[] dst,
      int offset,
      int yFrom,
      int yTo) {
    int plane = height * width;
    int ai = (int) Math.round(m[0] * 65536);
    int ci = (int) Math.round(m[3] * 65536);
    int maxX = width - 1;
    int maxY = height - 1;
    for (int y = yFrom; y < yTo; y++) {
      int sx = (int) Math.round((m[1] * y + m[2]) * 65536);
      int sy = (int) Math.round((m[4] * y + m[5]) * 65536);
      int o = offset + y * width;
      for (int x = 0; x < width; x++, sx += ai, sy += ci, o++) {
        int x0 = sx >> 16;
        int y0 = sy >> 16;
        float fx = (sx & 0xFFFF) * (1f / 65536);
        float fy = (sy & 0xFFFF) * (1f / 65536);
        int i00;
        int i01;
        int i10;
        int i11;
        if (x0 >= 0 && y0 >= 0 && x0 < maxX && y0 < maxY) {
          i00 = y0 * width + x0;
          i01 = i00 + 1;
          i10 = i00 + width;
          i11 = i10 + 1;
        } else {
          int xa = reflect(x0, width);
          int xb = reflect(x0 + 1, width);
          int ya = reflect(y0, height) * width;
          int yb = reflect(y0 + 1, height) * width;
          i00 = ya + xa;
          i01 = ya + xb;
          i10 = yb + xa;
          i11 = yb + xb;
        }
        float w11 = fx * fy;
        float w10 = fy - w11;
        float w01 = fx - w11;
        float w00 = 1 - fx - fy + w11;
        dst[o] = w00 * r[i00] + w01 * r[i01] + w10 * r[i10] + w11 * r[i11];
        dst[o + plane] = w00 * g[i00] + w01 * g[i01] + w10 * g[i10] + w11 * g[i11];
        dst[o + 2 * plane] = w00 * b[i00] + w01 * b[i01] + w10 * b[i10] + w11 * b[i11];
      }
    }
  }

  /** Reflects an index about the edges: {@code d c b a | a b c d | d c b a}. */
  static int reflect(int i, int n) {
    int period = 2 * n;
    int r = Math.floorMod(i, period);
    return r < n ? r : period - 1 - r;
  }

  /** The training examples of one epoch, augmented when copied. */
  static final class Augmented implements ExampleSource {
    private final ExampleSource train;
    private final RandomAffine aug;
    private final long seed;
    private final int epoch;
    private final ThreadLocal<float[][]> planes;
    private final ThreadLocal<byte[]> bytes;
    private final ThreadLocal<float[]> floats;

    Augmented(ExampleSource train, RandomAffine aug, long seed, int epoch) {
      this.train = train;
      this.aug = aug;
      this.seed = seed;
      this.epoch = epoch;
      Shape s = train.shape();
      int plane = s.height() * s.width();
      this.planes = ThreadLocal.withInitial(() -> new float[s.channels()][plane]);
      this.bytes = ThreadLocal.withInitial(() -> new byte[s.size()]);
      this.floats = ThreadLocal.withInitial(() -> new float[s.size()]);
    }

    @Override
    public int size() {
      return train.size();
    }

    @Override
    public Shape shape() {
      return train.shape();
    }

    @Override
    public int label(int index) {
      return train.label(index);
    }

    @Override
    public void copyFeatures(int index, float[] target, int offset) {
      if (index < 0 || index >= train.size()) {
        throw new IndexOutOfBoundsException(index);
      }
      Shape s = train.shape();
      float[][] src = planes.get();
      int plane = s.height() * s.width();
      if (train instanceof ByteSource b && b.hasBytes()) {
        byte[] raw = bytes.get();
        b.copyBytes(index, raw, 0);
        float[] unit = MappedImages.UNIT;
        for (int c = 0; c < src.length; c++) {
          float[] p = src[c];
          for (int i = 0, j = c * plane; i < plane; i++, j++) {
            p[i] = unit[raw[j] & 0xFF];
          }
        }
      } else {
        float[] f = floats.get();
        train.copyFeatures(index, f, 0);
        for (int c = 0; c < src.length; c++) {
          System.arraycopy(f, c * plane, src[c], 0, plane);
        }
      }
      double[] m = matrix(aug.draw(seed, epoch, index), s.height(), s.width());
      warp(src, s.height(), s.width(), m, target, offset);
    }
  }
}
