package org.cnnbench.data.fruits;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.cnnbench.data.DataLocations;
import org.cnnbench.data.DatasetSplits;
import org.cnnbench.data.Datasets;
import org.cnnbench.spec.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecodeCacheTest {

  private static final Shape SHAPE = Shape.chw(3, 128, 128);

  @TempDir Path tmp;

  private List<Path> cacheFiles() throws IOException {
    try (Stream<Path> s = Files.list(tmp.resolve("datasets/cache"))) {
      return s.filter(p -> p.getFileName().toString().endsWith(".u8")).sorted().toList();
    }
  }

  @Test
  void prepareDecodesOnceAndLoadReusesTheCache() throws IOException {
    Path dir = TestImages.twoClasses(tmp.resolve("data"), 4);
    DataLocations loc =
        TestImages.locations(tmp.resolve("datasets"), Map.of(Fruits.DIR_OPTION, dir.toString()));
    long before = DecodeCache.decodedImages();
    assertNull(Datasets.prepare("fruits", loc));
    assertEquals(8, DecodeCache.decodedImages() - before);
    List<Path> caches = cacheFiles();
    assertEquals(1, caches.size());
    long mtime = Files.getLastModifiedTime(caches.get(0)).toMillis();

    long mid = DecodeCache.decodedImages();
    assertNull(Datasets.prepare("fruits", loc));
    DatasetSplits splits = Datasets.load("fruits", loc, TestImages.fruitCnn(), 0);
    assertEquals(8, splits.train().size() + splits.validation().size());
    assertEquals(mid, DecodeCache.decodedImages(), "a reused cache decodes nothing");
    assertEquals(caches, cacheFiles());
    assertEquals(mtime, Files.getLastModifiedTime(caches.get(0)).toMillis());
    try (Stream<Path> s = Files.list(tmp.resolve("datasets/cache"))) {
      assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".part")));
    }
  }

  @Test
  void changedFileGivesANewCacheWithTheNewPixels() throws IOException {
    Path dir = TestImages.twoClasses(tmp.resolve("data"), 3);
    Path cache = tmp.resolve("datasets/cache");
    ImageFolder first = ImageFolder.scan(dir, "test");
    DecodeCache.Opened a = DecodeCache.ensure(first, SHAPE, cache);
    assertTrue(a.built());
    assertFalse(DecodeCache.ensure(ImageFolder.scan(dir, "test"), SHAPE, cache).built());

    Path changed = dir.resolve("fresh/img_001.jpg");
    TestImages.solid(changed, 128, 128, 0xFF0000, "jpg");
    Files.setLastModifiedTime(
        changed, FileTime.fromMillis(Files.getLastModifiedTime(changed).toMillis() + 5000));
    ImageFolder second = ImageFolder.scan(dir, "test");
    assertNotEquals(first.key(SHAPE), second.key(SHAPE));
    long before = DecodeCache.decodedImages();
    DecodeCache.Opened b = DecodeCache.ensure(second, SHAPE, cache);
    assertTrue(b.built());
    assertEquals(6, DecodeCache.decodedImages() - before);
    assertNotEquals(a.file(), b.file());
    byte[] pa = new byte[SHAPE.size()];
    byte[] pb = new byte[SHAPE.size()];
    a.images().copyBytes(1, pa, 0);
    b.images().copyBytes(1, pb, 0);
    assertFalse(Arrays.equals(pa, pb));
    a.images().copyBytes(0, pa, 0);
    b.images().copyBytes(0, pb, 0);
    assertArrayEquals(pa, pb);

    TestImages.noise(dir.resolve("rotten/img_new.jpg"), 128, 128, 9, "jpg");
    ImageFolder third = ImageFolder.scan(dir, "test");
    assertNotEquals(second.key(SHAPE), third.key(SHAPE));
    DecodeCache.Opened c = DecodeCache.ensure(third, SHAPE, cache);
    assertEquals(7, c.used().size());
    // Only the newest cache of the folder is kept.
    assertEquals(List.of(c.file()), cacheFiles());
    // A deleted cache that is still mapped stays readable (POSIX).
    a.images().copyBytes(0, pa, 0);
    assertArrayEquals(pa, pb);
  }

  @Test
  void damagedCacheIsRebuilt() throws IOException {
    Path dir = TestImages.twoClasses(tmp.resolve("data"), 2);
    Path cache = tmp.resolve("datasets/cache");
    DecodeCache.Opened a = DecodeCache.ensure(ImageFolder.scan(dir, "test"), SHAPE, cache);
    byte[] before = new byte[SHAPE.size()];
    a.images().copyBytes(3, before, 0);
    Files.write(a.file(), new byte[] {1, 2, 3});
    DecodeCache.Opened b = DecodeCache.ensure(ImageFolder.scan(dir, "test"), SHAPE, cache);
    assertTrue(b.built());
    byte[] after = new byte[SHAPE.size()];
    b.images().copyBytes(3, after, 0);
    assertArrayEquals(before, after);
  }

  @Test
  void escapesNamesInTheIndex() {
    String s = "a\tb\\c\nd";
    assertEquals(s, DecodeCache.unescape(DecodeCache.escape(s)));
    assertFalse(DecodeCache.escape(s).contains("\t"));
  }
}
