package org.cnnbench.data.fruits;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.cnnbench.data.ByteImages;
import org.cnnbench.data.DataLocations;
import org.cnnbench.data.DatasetSplits;
import org.cnnbench.data.Datasets;
import org.cnnbench.data.ExampleSource;
import org.cnnbench.spec.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RandomAffineTest {

  private static final Shape SHAPE = Shape.chw(3, 128, 128);

  private static ByteImages randomImages(int count) {
    byte[] px = new byte[count * SHAPE.size()];
    new Random(3).nextBytes(px);
    return new ByteImages(SHAPE, px, new int[count]);
  }

  private static float[] copy(ExampleSource s, int index) {
    float[] f = new float[SHAPE.size()];
    s.copyFeatures(index, f, 0);
    return f;
  }

  @Test
  void deterministicForSeedAndEpochAndDifferentBetweenEpochs() {
    ByteImages images = randomImages(4);
    ExampleSource e1 = RandomAffine.FRUITS.apply(images, 42, 1);
    ExampleSource e1again = RandomAffine.FRUITS.apply(images, 42, 1);
    ExampleSource e2 = RandomAffine.FRUITS.apply(images, 42, 2);
    ExampleSource other = RandomAffine.FRUITS.apply(images, 43, 1);
    for (int i = 0; i < 4; i++) {
      float[] a = copy(e1, i);
      assertArrayEquals(a, copy(e1again, i));
      assertFalse(Arrays.equals(a, copy(e2, i)));
      assertFalse(Arrays.equals(a, copy(other, i)));
      assertFalse(Arrays.equals(a, copy(images, i)));
      for (float v : a) {
        assertTrue(v >= 0 && v <= 1.0000001f, "value " + v);
      }
      assertEquals(images.label(i), e1.label(i));
    }
  }

  @Test
  void drawsStayInKerasRanges() {
    int flips = 0;
    for (int i = 0; i < 2000; i++) {
      RandomAffine.Draw d = RandomAffine.FRUITS.draw(7, 1, i);
      assertTrue(d.zoomFactor() >= 0.8 && d.zoomFactor() <= 1.2);
      assertTrue(Math.abs(d.angle()) <= 0.2 * Math.PI);
      flips += d.flipped() ? 1 : 0;
    }
    assertTrue(flips > 900 && flips < 1100, "flips " + flips);
  }

  @Test
  void identityAndFlipAreExact() {
    ByteImages images = randomImages(1);
    float[] src = copy(images, 0);
    float[] out = new float[src.length];
    float[][] planes = new float[3][];
    for (int c = 0; c < 3; c++) {
      planes[c] = Arrays.copyOfRange(src, c * 128 * 128, (c + 1) * 128 * 128);
    }
    RandomAffine.warp(
        planes,
        128,
        128,
        RandomAffine.matrix(new RandomAffine.Draw(false, 1, 0), 128, 128),
        out,
        0);
    assertArrayEquals(src, out);
    RandomAffine.warp(
        planes, 128, 128, RandomAffine.matrix(new RandomAffine.Draw(true, 1, 0), 128, 128), out, 0);
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < 128; y += 13) {
        for (int x = 0; x < 128; x++) {
          int base = c * 128 * 128 + y * 128;
          assertEquals(src[base + 127 - x], out[base + x], 1e-6f);
        }
      }
    }
  }

  @Test
  void reflectsAboutTheEdge() {
    // d c b a | a b c d | d c b a
    assertEquals(0, RandomAffine.reflect(-1, 4));
    assertEquals(3, RandomAffine.reflect(-4, 4));
    assertEquals(3, RandomAffine.reflect(4, 4));
    assertEquals(0, RandomAffine.reflect(7, 4));
    assertEquals(0, RandomAffine.reflect(8, 4));
    assertEquals(2, RandomAffine.reflect(2, 4));
  }

  @Test
  void augmentFalseGivesTheOriginalPixels(@TempDir Path tmp) throws IOException {
    Path dir = TestImages.twoClasses(tmp.resolve("data"), 3);
    DataLocations off =
        TestImages.locations(
            tmp.resolve("datasets"), Map.of(Fruits.DIR_OPTION, dir.toString(), "augment", "false"));
    DatasetSplits plain = Datasets.load("fruits", off, TestImages.fruitCnn(), 0);
    assertSame(plain.train(), plain.trainForEpoch(1, 1));
    DataLocations on =
        TestImages.locations(tmp.resolve("datasets"), Map.of(Fruits.DIR_OPTION, dir.toString()));
    DatasetSplits augmented = Datasets.load("fruits", on, TestImages.fruitCnn(), 0);
    ExampleSource epoch1 = augmented.trainForEpoch(1, 1);
    for (int i = 0; i < plain.train().size(); i++) {
      assertArrayEquals(copy(plain.train(), i), copy(augmented.train(), i));
      assertFalse(Arrays.equals(copy(plain.train(), i), copy(epoch1, i)));
    }
    // Validation and test are never augmented.
    assertArrayEquals(copy(plain.validation(), 0), copy(augmented.validation(), 0));
    assertTrue(augmented.notes().get("augmentation").startsWith("on"));
  }

  @Test
  void batchOf32IsCheap() {
    ByteImages images = randomImages(64);
    float[] batch = new float[32 * SHAPE.size()];
    double best = Double.MAX_VALUE;
    double plainBest = Double.MAX_VALUE;
    for (int rep = 0; rep < 60; rep++) {
      ExampleSource e = RandomAffine.FRUITS.apply(images, 1, rep + 1);
      long t0 = System.nanoTime();
      for (int i = 0; i < 32; i++) {
        e.copyFeatures(i + (rep & 1) * 32, batch, i * SHAPE.size());
      }
      long t1 = System.nanoTime();
      for (int i = 0; i < 32; i++) {
        images.copyFeatures(i, batch, i * SHAPE.size());
      }
      long t2 = System.nanoTime();
      best = Math.min(best, (t1 - t0) / 1e6);
      plainBest = Math.min(plainBest, (t2 - t1) / 1e6);
    }
    System.out.printf(
        "augmented batch of 32 (3x128x128): %.3f ms; plain copy: %.3f ms%n", best, plainBest);
    assertTrue(best < 100, "augmenting 32 images took " + best + " ms");
  }
}
