package org.cnnbench.data.fruits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cnnbench.data.DataLocations;
import org.cnnbench.data.DatasetException;
import org.cnnbench.data.DatasetSplits;
import org.cnnbench.data.Datasets;
import org.cnnbench.spec.Shape;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Symbolic link loops and unreadable entries in an image folder are skipped, counted and listed
 * like a file that cannot be decoded; the dataset stays usable.
 */
class ImageFolderLoopTest {

  private static final Shape SHAPE = Shape.chw(3, 128, 128);

  @TempDir Path tmp;

  @Test
  void aDirectoryLoopAndAFileLinkLoopAreSkippedAndListed() throws IOException {
    Path dir = TestImages.twoClasses(tmp.resolve("data"), 4);
    Files.createSymbolicLink(dir.resolve("fresh/loopdir"), Path.of("."));
    Files.createSymbolicLink(dir.resolve("fresh/a.jpg"), Path.of("b.jpg"));
    Files.createSymbolicLink(dir.resolve("fresh/b.jpg"), Path.of("a.jpg"));
    Files.createSymbolicLink(dir.resolve("rotten/gone.jpg"), Path.of("nowhere.jpg"));

    ImageFolder folder = ImageFolder.scan(dir, "test");
    Map<String, String> problems = new TreeMap<>();
    folder.files().stream()
        .filter(e -> !e.listed())
        .forEach(e -> problems.put(e.relative(), e.problem()));
    assertEquals(
        List.of("fresh/a.jpg", "fresh/b.jpg", "fresh/loopdir", "rotten/gone.jpg"),
        List.copyOf(problems.keySet()));
    assertTrue(problems.get("fresh/loopdir").startsWith("directory loop"), problems.toString());
    assertTrue(
        problems.get("fresh/a.jpg").startsWith("symbolic link loop or dangling link"),
        problems.toString());
    assertEquals(12, folder.files().size());

    DataLocations loc =
        TestImages.locations(tmp.resolve("datasets"), Map.of(Fruits.DIR_OPTION, dir.toString()));
    assertNull(Datasets.prepare("fruits", loc), "the dataset is usable");
    DecodeCache.Opened cache = DecodeCache.ensure(folder, SHAPE, tmp.resolve("datasets/cache"));
    assertEquals(8, cache.used().size());
    Map<String, String> skipped = new TreeMap<>();
    cache.skipped().forEach(i -> skipped.put(i.relative(), i.detail()));
    assertEquals(problems, skipped, "the skipped entries are listed with their reason");
    DatasetSplits splits = Datasets.load("fruits", loc, TestImages.fruitCnn(), 0);
    assertEquals(8, splits.train().size() + splits.validation().size());
    assertEquals("4", splits.notes().get("skipped_files"));
  }

  @Test
  void anUnreadableFolderIsSkippedAndListed() throws IOException {
    Assumptions.assumeFalse(
        "root".equals(System.getProperty("user.name")), "root reads every folder");
    Path dir = TestImages.twoClasses(tmp.resolve("data"), 2);
    Path locked = Files.createDirectories(dir.resolve("rotten/locked"));
    TestImages.noise(locked.resolve("x.jpg"), 128, 128, 1, "jpg");
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
    try {
      ImageFolder folder = ImageFolder.scan(dir, "test");
      ImageFolder.Entry e =
          folder.files().stream().filter(f -> !f.listed()).findFirst().orElseThrow();
      assertEquals("rotten/locked", e.relative());
      assertTrue(
          e.problem().contains("permission denied") && e.problem().contains("chmod"), e.problem());
    } finally {
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
    }
  }

  @Test
  void aClassOfOnlyLoopsSaysSo() throws IOException {
    Path dir = TestImages.twoClasses(tmp.resolve("data"), 2);
    Path only = Files.createDirectories(dir.resolve("zloops"));
    Files.createSymbolicLink(only.resolve("self"), Path.of("."));
    DataLocations loc =
        TestImages.locations(tmp.resolve("datasets"), Map.of(Fruits.DIR_OPTION, dir.toString()));
    DatasetException e =
        assertThrows(DatasetException.class, () -> Datasets.prepare("fruits", loc));
    assertTrue(
        e.getMessage().contains("zloops") && e.getMessage().contains("skipped"), e.getMessage());
  }
}
