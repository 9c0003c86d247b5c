package org.cnnbench.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {

  @TempDir Path dir;

  @Test
  void readsImagesAndLabelsScaledToUnitRange() throws IOException {
    IdxFiles.write(dir.resolve("i"), dir.resolve("l"), 5, 3);
    ByteImages images = Idx.read(dir.resolve("i"), dir.resolve("l"), "hint");
    assertEquals(5, images.size());
    assertEquals("(1, 28, 28)", images.shape().toString());
    float[] x = new float[784];
    images.copyFeatures(2, x, 0);
    byte[] raw = Files.readAllBytes(dir.resolve("i"));
    assertEquals((raw[16 + 2 * 784 + 10] & 0xFF) / 255f, x[10]);
    assertEquals(Files.readAllBytes(dir.resolve("l"))[8 + 4], images.label(4));
    assertTrue(Arrays.stream(images.labels()).allMatch(l -> l >= 0 && l < 10));
  }

  @Test
  void truncatedFileIsRejectedWithSizes() throws IOException {
    IdxFiles.write(dir.resolve("i"), dir.resolve("l"), 5, 3);
    byte[] raw = Files.readAllBytes(dir.resolve("i"));
    Files.write(dir.resolve("i"), Arrays.copyOf(raw, raw.length - 100));
    DatasetException e =
        assertThrows(
            DatasetException.class,
            () -> Idx.read(dir.resolve("i"), dir.resolve("l"), "fix it like this"));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    assertTrue(e.getMessage().contains("3920 data bytes, the file has 3820"), e.getMessage());
    assertTrue(e.getMessage().endsWith("fix it like this"), e.getMessage());
  }

  @Test
  void wrongMagicIsRejected() throws IOException {
    IdxFiles.write(dir.resolve("i"), dir.resolve("l"), 5, 3);
    // a label file where an image file is expected
    DatasetException e =
        assertThrows(
            DatasetException.class, () -> Idx.read(dir.resolve("l"), dir.resolve("l"), "hint"));
    assertTrue(
        e.getMessage().contains("magic number 0x00000801, expected 0x00000803"), e.getMessage());
    Files.write(dir.resolve("g"), ByteBuffer.allocate(4).putInt(0x1f8b0800).array());
    assertThrows(
        DatasetException.class, () -> Idx.read(dir.resolve("g"), dir.resolve("l"), "hint"));
  }

  @Test
  void countMismatchAndMissingFileAreRejected() throws IOException {
    IdxFiles.write(dir.resolve("i"), dir.resolve("l"), 5, 3);
    IdxFiles.write(dir.resolve("i2"), dir.resolve("l2"), 4, 3);
    DatasetException e =
        assertThrows(
            DatasetException.class, () -> Idx.read(dir.resolve("i"), dir.resolve("l2"), "hint"));
    assertTrue(e.getMessage().contains("5 images but l2 holds 4 labels"), e.getMessage());
    DatasetException missing =
        assertThrows(
            DatasetException.class, () -> Idx.read(dir.resolve("nope"), dir.resolve("l"), "hint"));
    assertTrue(missing.getMessage().startsWith("missing IDX file"), missing.getMessage());
  }
}
