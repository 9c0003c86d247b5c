package org.cnnbench.data.fruits;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.cnnbench.data.DataLocations;
import org.cnnbench.data.DatasetException;
import org.cnnbench.data.DatasetSplits;
import org.cnnbench.data.Datasets;
import org.cnnbench.spec.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FruitLoadTest {

  private static final Shape SHAPE = Shape.chw(3, 128, 128);

  @TempDir Path tmp;

  private byte[] pixels(DecodeCache.Opened data, String relative) {
    List<DecodeCache.Item> used = data.used();
    for (int i = 0; i < used.size(); i++) {
      if (used.get(i).relative().equals(relative)) {
        byte[] b = new byte[SHAPE.size()];
        data.images().copyBytes(i, b, 0);
        return b;
      }
    }
    throw new AssertionError(relative + " not used");
  }

  private static void assertSolid(byte[] b, int r, int g, int bl, int tolerance) {
    int plane = 128 * 128;
    int[] want = {r, g, bl};
    for (int c = 0; c < 3; c++) {
      for (int i = 0; i < plane; i += 97) {
        int v = b[c * plane + i] & 0xFF;
        assertTrue(
            Math.abs(v - want[c]) <= tolerance,
            "channel " + c + " pixel " + i + ": " + v + " != " + want[c]);
      }
    }
  }

  @Test
  void decodesPngJpegGreyAlphaAndResizes() throws IOException {
    Path dir = tmp.resolve("data");
    TestImages.solid(dir.resolve("fresh/a.png"), 128, 128, 0x0AC81E, "png");
    TestImages.solid(dir.resolve("fresh/b.jpg"), 128, 128, 0x3C78B4, "jpg");
    TestImages.grey(dir.resolve("fresh/c_grey.png"), 128, 128, 100);
    TestImages.argb(dir.resolve("rotten/d_transparent.png"), 128, 128, 0x00C80000);
    TestImages.argb(dir.resolve("rotten/e_half.png"), 128, 128, 0x80000000);
    TestImages.solid(dir.resolve("rotten/f_small.png"), 64, 40, 0x102030, "png");
    TestImages.noise(dir.resolve("rotten/g_big.jpg"), 300, 200, 1, "jpg");

    ImageFolder folder = ImageFolder.scan(dir, "test folder");
    assertEquals(List.of("fresh", "rotten"), folder.classes());
    DecodeCache.Opened data = DecodeCache.ensure(folder, SHAPE, tmp.resolve("cache"));
    assertEquals(7, data.used().size());
    assertEquals(0, data.skipped().size());
    assertSolid(pixels(data, "fresh/a.png"), 10, 200, 30, 0);
    assertSolid(pixels(data, "fresh/b.jpg"), 60, 120, 180, 4); // JPEG is lossy
    assertSolid(pixels(data, "fresh/c_grey.png"), 100, 100, 100, 0); // no gamma change
    assertSolid(pixels(data, "rotten/d_transparent.png"), 255, 255, 255, 0); // on white
    assertSolid(pixels(data, "rotten/e_half.png"), 127, 127, 127, 1); // black at alpha 128/255
    assertSolid(pixels(data, "rotten/f_small.png"), 16, 32, 48, 0); // resized, solid stays solid
    assertEquals("64x40", data.used().get(5).detail());
    assertEquals(
        List.of(0, 0, 0, 1, 1, 1, 1),
        IntStream.range(0, 7).map(data.images()::label).boxed().toList());

    // The whole path through Datasets: binary labels, scaled pixels, notes.
    Map<String, String> options = Map.of(Fruits.DIR_OPTION, dir.toString(), "augment", "false");
    DataLocations loc = TestImages.locations(tmp.resolve("datasets"), options);
    assertNull(Datasets.prepare("fruits", loc));
    DatasetSplits splits = Datasets.load("fruits", loc, TestImages.fruitCnn(), 0);
    assertEquals(7, splits.train().size() + splits.validation().size());
    assertEquals(splits.validation().size(), splits.test().size());
    assertEquals(SHAPE, splits.train().shape());
    Map<String, String> notes = splits.notes();
    assertTrue(notes.get("labels").contains("fresh = 0, rotten = 1"), notes.get("labels"));
    assertTrue(notes.get("test_set").contains("validation set is also the test set"));
    assertEquals("2", notes.get("resized_files"));
    assertTrue(notes.get("augmentation").startsWith("off"));
    assertTrue(Files.isRegularFile(Path.of(notes.get("split_csv"))));
    float[] f = new float[SHAPE.size()];
    splits.train().copyFeatures(0, f, 0);
    for (float v : f) {
      assertTrue(v >= 0 && v <= 1);
    }
  }

  @Test
  void skipsCorruptAndNonImageFilesAndListsThem() throws IOException {
    Path dir = TestImages.twoClasses(tmp.resolve("data"), 5);
    Path good = TestImages.noise(tmp.resolve("x.jpg"), 128, 128, 7, "jpg");
    byte[] bytes = Files.readAllBytes(good);
    Files.write(dir.resolve("fresh/truncated.jpg"), Arrays.copyOf(bytes, bytes.length / 2));
    Files.writeString(dir.resolve("rotten/readme.txt"), "not an image");
    Files.write(
        dir.resolve("rotten/garbage.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});

    Map<String, String> options = Map.of(Fruits.DIR_OPTION, dir.toString());
    DataLocations loc = TestImages.locations(tmp.resolve("datasets"), options);
    DatasetSplits splits = Datasets.load("fruits", loc, TestImages.fruitCnn(), 0);
    assertEquals(10, splits.train().size() + splits.validation().size());
    assertEquals("3", splits.notes().get("skipped_files"));
    String list = splits.notes().get("skipped_list");
    assertTrue(list.contains("fresh/truncated.jpg"), list);
    assertTrue(list.contains("rotten/readme.txt"), list);
    assertTrue(list.contains("rotten/garbage.png"), list);
    FruitSplit split = Fruits.split(loc, TestImages.fruitCnn(), 0);
    assertEquals(3, split.rows().stream().filter(r -> r.side().equals("skipped")).count());
    assertEquals(13, split.rows().size());
  }

  @Test
  void emptyOrSingleClassOrMissingFolderIsAClearError() throws IOException {
    Path dir = TestImages.twoClasses(tmp.resolve("data"), 2);
    Files.createDirectories(dir.resolve("unripe"));
    Map<String, String> options = Map.of(Fruits.DIR_OPTION, dir.toString());
    DataLocations loc = TestImages.locations(tmp.resolve("datasets"), options);
    DatasetException e =
        assertThrows(DatasetException.class, () -> Datasets.prepare("fruits", loc));
    assertTrue(
        e.getMessage().contains("unripe") && e.getMessage().contains("is empty"), e.getMessage());

    Path single = tmp.resolve("single");
    TestImages.noise(single.resolve("fresh/a.jpg"), 128, 128, 1, "jpg");
    DataLocations loc2 =
        TestImages.locations(tmp.resolve("datasets"), Map.of(Fruits.DIR_OPTION, single.toString()));
    e =
        assertThrows(
            DatasetException.class, () -> Datasets.load("fruits", loc2, TestImages.fruitCnn(), 0));
    assertTrue(e.getMessage().contains("expected at least two sub-folders"), e.getMessage());

    Path onlyBad = tmp.resolve("onlybad");
    TestImages.noise(onlyBad.resolve("fresh/a.jpg"), 128, 128, 1, "jpg");
    Files.createDirectories(onlyBad.resolve("rotten"));
    Files.writeString(onlyBad.resolve("rotten/a.txt"), "x");
    DataLocations loc3 =
        TestImages.locations(
            tmp.resolve("datasets"), Map.of(Fruits.DIR_OPTION, onlyBad.toString()));
    e = assertThrows(DatasetException.class, () -> Datasets.prepare("fruits", loc3));
    assertTrue(e.getMessage().contains("no readable image"), e.getMessage());

    DataLocations missing =
        TestImages.locations(
            tmp.resolve("datasets"), Map.of(Fruits.DIR_OPTION, tmp.resolve("nope").toString()));
    e = assertThrows(DatasetException.class, () -> Datasets.prepare("fruits", missing));
    assertTrue(e.getMessage().contains("is not a folder"), e.getMessage());
  }

  @Test
  void binaryModelNeedsTwoClasses() throws IOException {
    Path dir = TestImages.twoClasses(tmp.resolve("data"), 2);
    TestImages.noise(dir.resolve("unripe/a.jpg"), 128, 128, 3, "jpg");
    DataLocations loc =
        TestImages.locations(tmp.resolve("datasets"), Map.of(Fruits.DIR_OPTION, dir.toString()));
    assertNull(Datasets.prepare("fruits", loc)); // three classes are a valid ImageFolder
    DatasetException e =
        assertThrows(
            DatasetException.class, () -> Datasets.load("fruits", loc, TestImages.fruitCnn(), 0));
    assertTrue(e.getMessage().contains("needs exactly 2 class folders"), e.getMessage());
  }

  @Test
  void noDatasetIsASkipWithInstructions() {
    // <tmp>/repo/datasets: the sample would be <tmp>/shared/datasets/fruits-sample, absent here.
    DataLocations loc = TestImages.locations(tmp.resolve("repo/datasets"), Map.of());
    String reason = Datasets.prepare("fruits", loc);
    assertNotNull(reason);
    assertTrue(reason.contains("sriramr") && reason.contains("-Dfruits.dir="), reason);
    assertTrue(!reason.contains("\n"));
    assertThrows(
        DatasetException.class, () -> Datasets.load("fruits", loc, TestImages.fruitCnn(), 0));
  }

  @Test
  void findsDatasetsFolderThenSampleNextToRepository() throws IOException {
    TestImages.twoClasses(tmp.resolve("shared/datasets/fruits-sample"), 1);
    DataLocations loc = TestImages.locations(tmp.resolve("repo/datasets"), Map.of());
    assertEquals(tmp.resolve("shared/datasets/fruits-sample"), Fruits.locate(loc).dir());
    TestImages.twoClasses(tmp.resolve("repo/datasets/fruits"), 1);
    assertEquals(tmp.resolve("repo/datasets/fruits"), Fruits.locate(loc).dir());
  }

  @Test
  void separateTestFolderIsTheTestSet() throws IOException {
    Path dir = TestImages.twoClasses(tmp.resolve("train"), 5);
    Path test = TestImages.twoClasses(tmp.resolve("test"), 3);
    Map<String, String> options = new HashMap<>();
    options.put(Fruits.DIR_OPTION, dir.toString());
    options.put(Fruits.TEST_DIR_OPTION, test.toString());
    DataLocations loc = TestImages.locations(tmp.resolve("datasets"), options);
    DatasetSplits splits = Datasets.load("fruits", loc, TestImages.fruitCnn(), 0);
    assertEquals(8, splits.train().size());
    assertEquals(2, splits.validation().size());
    assertEquals(6, splits.test().size());
    assertTrue(splits.notes().get("test_set").startsWith("separate test folder"));
    float[] a = new float[SHAPE.size()];
    float[] b = new float[SHAPE.size()];
    splits.test().copyFeatures(0, a, 0);
    splits.validation().copyFeatures(0, b, 0);
    assertTrue(!Arrays.equals(a, b));
    assertArrayEquals(
        new int[] {0, 0, 0, 1, 1, 1}, IntStream.range(0, 6).map(splits.test()::label).toArray());
  }
}
