package org.cnnbench.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.cnnbench.spec.Shape;

/** Writes small random IDX files for tests. */
final class IdxFiles {

  private IdxFiles() {}

  static ByteImages random(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    byte[] pixels = new byte[n * 784];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) r.nextInt(256);
    }
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = r.nextInt(10);
    }
    return new ByteImages(Shape.chw(1, 28, 28), pixels, labels);
  }

  static void write(Path images, Path labels, int n, long seed) throws IOException {
    Idx.write(random(n, seed), images, labels);
  }

  static void fakeMnist(Path dir, int train, int test) throws IOException {
    Files.createDirectories(dir);
    write(dir.resolve("train-images-idx3-ubyte"), dir.resolve("train-labels-idx1-ubyte"), train, 1);
    write(dir.resolve("t10k-images-idx3-ubyte"), dir.resolve("t10k-labels-idx1-ubyte"), test, 2);
  }
}
