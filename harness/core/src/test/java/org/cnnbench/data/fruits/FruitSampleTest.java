package org.cnnbench.data.fruits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.cnnbench.data.DataLocations;
import org.cnnbench.data.DatasetSplits;
import org.cnnbench.data.Datasets;
import org.cnnbench.data.ExampleSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real 1,200-image sample, when it is present next to the repository. */
class FruitSampleTest {

  private static final Path SAMPLE = Path.of("/work/shared/datasets/fruits-sample");

  @Test
  void realSampleLoadsWithAGroupAwareSplit(@TempDir Path tmp) {
    Assumptions.assumeTrue(Files.isDirectory(SAMPLE), "no sample at " + SAMPLE);
    // The cache goes to the temporary datasets folder, never into the repository.
    DataLocations loc =
        TestImages.locations(tmp.resolve("datasets"), Map.of(Fruits.DIR_OPTION, SAMPLE.toString()));
    long before = DecodeCache.decodedImages();
    long t0 = System.nanoTime();
    assertNull(Datasets.prepare("fruits", loc));
    double decodeSeconds = (System.nanoTime() - t0) / 1e9;
    assertEquals(1200, DecodeCache.decodedImages() - before);

    long t1 = System.nanoTime();
    DatasetSplits splits = Datasets.load("fruits", loc, TestImages.fruitCnn(), 0);
    double loadSeconds = (System.nanoTime() - t1) / 1e9;
    Map<String, String> notes = splits.notes();
    assertEquals("fresh, rotten", notes.get("classes"));
    assertEquals("0", notes.get("skipped_files"));
    int train = splits.train().size();
    int val = splits.validation().size();
    assertEquals(1200, train + val);
    assertTrue(Math.abs(val - 240) <= 12, "validation " + val);
    FruitSplit split = Fruits.split(loc, TestImages.fruitCnn(), 0);
    for (String c : new String[] {"fresh", "rotten"}) {
      int v = split.countPerClass("validation").get(c);
      assertTrue(Math.abs(v - 120) <= 8, c + " validation " + v);
    }
    Map<String, Set<String>> sides = new HashMap<>();
    split.rows().forEach(r -> sides.computeIfAbsent(r.group(), g -> new HashSet<>()).add(r.side()));
    sides.forEach((g, s) -> assertEquals(1, s.size(), g + " " + s));
    assertEquals(707, split.groupCount());

    // Reading all 1,200 images from the (memory-mapped) cache.
    ExampleSource all = splits.train();
    float[] f = new float[all.shape().size()];
    long t2 = System.nanoTime();
    for (int rep = 0; rep < 3; rep++) {
      for (int i = 0; i < train; i++) {
        all.copyFeatures(i, f, 0);
      }
      for (int i = 0; i < val; i++) {
        splits.validation().copyFeatures(i, f, 0);
      }
    }
    double readSeconds = (System.nanoTime() - t2) / 1e9 / 3;

    ExampleSource epoch = splits.trainForEpoch(1, 1);
    float[] batch = new float[32 * f.length];
    double best = Double.MAX_VALUE;
    for (int rep = 0; rep < 20; rep++) {
      long a = System.nanoTime();
      for (int i = 0; i < 32; i++) {
        epoch.copyFeatures(rep * 32 + i, batch, i * f.length);
      }
      best = Math.min(best, (System.nanoTime() - a) / 1e6);
    }
    System.out.printf(
        "sample: decode+cache %.2f s (%.0f images/s); load (scan, map, split) %.3f s;"
            + " cache read %.0f images/s; augmented batch of 32 %.2f ms; split train %s val %s%n",
        decodeSeconds,
        1200 / decodeSeconds,
        loadSeconds,
        1200 / readSeconds,
        best,
        notes.get("train_per_class"),
        notes.get("validation_per_class"));
  }
}
