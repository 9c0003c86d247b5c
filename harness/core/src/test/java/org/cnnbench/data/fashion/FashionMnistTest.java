package org.cnnbench.data.fashion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.cnnbench.data.ByteImages;
import org.cnnbench.data.DataLocations;
import org.cnnbench.data.DatasetException;
import org.cnnbench.data.DatasetSplits;
import org.cnnbench.data.Idx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {

  @TempDir Path root;

  @Test
  void missingAptSaysHowToFixAndLeavesNothingBehind() throws IOException {
    Path dir = root.resolve("fashion-mnist");
    DatasetException e =
        assertThrows(
            DatasetException.class,
            () -> FashionMnist.ensure(dir, root.resolve("no-such-apt-get").toString(), "dpkg-deb"));
    assertTrue(e.getMessage().contains("apt-get could not be started"), e.getMessage());
    assertTrue(
        e.getMessage().contains("'apt-get download dataset-fashion-mnist' needs no root"),
        e.getMessage());
    assertTrue(e.getMessage().contains("place the four Fashion-MNIST IDX files"), e.getMessage());
    assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    assertOnlyEmpty(dir);
  }

  @Test
  void failingAptReportsItsOutput() throws IOException {
    Path apt =
        script("apt-get", "echo 'E: Unable to locate package dataset-fashion-mnist' >&2\nexit 100");
    Path dir = root.resolve("fashion-mnist");
    DatasetException e =
        assertThrows(
            DatasetException.class, () -> FashionMnist.ensure(dir, apt.toString(), "dpkg-deb"));
    assertTrue(
        e.getMessage().contains("failed")
            && e.getMessage().contains("Unable to locate package")
            && e.getMessage().contains("exit status 100"),
        e.getMessage());
    assertOnlyEmpty(dir);
  }

  @Test
  void aPackageWithOtherFilesFailsItsChecksumAndInstallsNothing() throws IOException {
    // apt-get "downloads" a .deb; dpkg-deb "unpacks" gzipped IDX files that are not the originals.
    Path apt = script("apt-get", "echo fake > dataset-fashion-mnist_1_all.deb");
    Path fakeFiles = root.resolve("fake");
    writeGzipped(fakeFiles, 30, 5);
    Path dpkg =
        script(
            "dpkg-deb",
            "mkdir -p \"$3/"
                + FashionMnist.PACKAGE_DIR
                + "\" && cp "
                + fakeFiles
                + "/*.gz \"$3/"
                + FashionMnist.PACKAGE_DIR
                + "/\"");
    Path dir = root.resolve("fashion-mnist");
    DatasetException e =
        assertThrows(
            DatasetException.class,
            () -> FashionMnist.ensure(dir, apt.toString(), dpkg.toString()));
    assertTrue(e.getMessage().startsWith("checksum mismatch for "), e.getMessage());
    assertTrue(e.getMessage().contains("t10k-images-idx3-ubyte.gz"), e.getMessage());
    assertTrue(
        e.getMessage()
            .contains("expected " + FashionMnist.GZ_FILES.get("t10k-images-idx3-ubyte.gz")),
        e.getMessage());
    assertOnlyEmpty(dir);
  }

  @Test
  void uncompressedFilesThatAreNotTheOriginalsAreRejected() throws IOException {
    Path dir = root.resolve("fashion-mnist");
    Files.createDirectories(dir);
    for (String split : List.of("train", "t10k")) {
      Idx.write(
          images(20, 3),
          dir.resolve(split + "-images-idx3-ubyte"),
          dir.resolve(split + "-labels-idx1-ubyte"));
    }
    DatasetException e =
        assertThrows(DatasetException.class, () -> FashionMnist.ensure(dir, "apt-get", "dpkg-deb"));
    assertTrue(
        e.getMessage().startsWith("checksum mismatch for " + dir.resolve("t10k-images-idx3-ubyte")),
        e.getMessage());
    assertTrue(e.getMessage().contains("apt-get download dataset-fashion-mnist"), e.getMessage());
  }

  @Test
  void theChecksumsAreTheFourFilesOfThePackage() {
    assertEquals(4, FashionMnist.FILES.size());
    assertEquals(4, FashionMnist.GZ_FILES.size());
    FashionMnist.FILES.forEach(
        (name, sha) -> {
          assertTrue(FashionMnist.GZ_FILES.containsKey(name + ".gz"), name);
          assertTrue(sha.matches("[0-9a-f]{64}"), sha);
          assertFalse(sha.equals(FashionMnist.GZ_FILES.get(name + ".gz")), name);
        });
    assertEquals(10, FashionMnist.CLASSES.size());
  }

  @Test
  void splitIsKerasStyleAndTheNotesNameTheVerifiedSource() throws IOException {
    Path dir = root.resolve("fashion-mnist");
    Files.createDirectories(dir);
    Idx.write(
        images(100, 1),
        dir.resolve("train-images-idx3-ubyte"),
        dir.resolve("train-labels-idx1-ubyte"));
    Idx.write(
        images(10, 2),
        dir.resolve("t10k-images-idx3-ubyte"),
        dir.resolve("t10k-labels-idx1-ubyte"));
    Files.writeString(
        dir.resolve(FashionMnist.SOURCE_FILE), "dataset-fashion-mnist_9_all.deb, SHA-256 ab\n");
    DatasetSplits s =
        new FashionMnistProvider()
            .load(
                new DataLocations(root, "npm", Map.of()),
                org.cnnbench.spec.ModelCatalog.get("mnist-cnn").spec(),
                50);
    assertEquals(35, s.train().size());
    assertEquals(15, s.validation().size());
    assertEquals(10, s.test().size());
    assertEquals(images(100, 1).label(35), s.validation().label(0));
    String source = s.notes().get("source");
    assertTrue(
        source.contains(
                "Debian package dataset-fashion-mnist (dataset-fashion-mnist_9_all.deb,"
                    + " SHA-256 ab)")
            && source.contains("SHA-256 verified"),
        source);
  }

  private static ByteImages images(int n, long seed) {
    Random r = new Random(seed);
    byte[] pixels = new byte[n * 28 * 28];
    r.nextBytes(pixels);
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = r.nextInt(10);
    }
    return new ByteImages(org.cnnbench.spec.Shape.chw(1, 28, 28), pixels, labels);
  }

  private void writeGzipped(Path dir, int train, int test) throws IOException {
    Path plain = root.resolve("plain");
    Files.createDirectories(plain);
    Files.createDirectories(dir);
    Idx.write(
        images(train, 1),
        plain.resolve("train-images-idx3-ubyte"),
        plain.resolve("train-labels-idx1-ubyte"));
    Idx.write(
        images(test, 2),
        plain.resolve("t10k-images-idx3-ubyte"),
        plain.resolve("t10k-labels-idx1-ubyte"));
    for (String name : FashionMnist.FILES.keySet()) {
      try (OutputStream out =
          new GZIPOutputStream(Files.newOutputStream(dir.resolve(name + ".gz")))) {
        Files.copy(plain.resolve(name), out);
      }
    }
  }

  private Path script(String name, String body) throws IOException {
    Path p = root.resolve("bin").resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, "#!/bin/sh\n" + body + "\n");
    assertTrue(p.toFile().setExecutable(true));
    return p;
  }

  /** No scratch folder next to the dataset folder and no file, half-written or not, in it. */
  private void assertOnlyEmpty(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(root)) {
      assertTrue(
          files.noneMatch(f -> f.getFileName().toString().startsWith(".fashion-mnist-fetch")),
          "scratch folder left in " + root);
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertFalse(files.findAny().isPresent(), "a file was left in " + dir);
    }
  }
}
