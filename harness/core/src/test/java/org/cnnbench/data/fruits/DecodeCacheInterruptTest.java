package org.cnnbench.data.fruits;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.cnnbench.data.DatasetException;
import org.cnnbench.spec.Shape;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A decode-cache build killed or interrupted midway leaves nothing that looks valid. */
class DecodeCacheInterruptTest {

  private static final Shape SHAPE = Shape.chw(3, 128, 128);

  @TempDir static Path tmp;

  static Path data;

  /** 400 noise images of 300x300 (each is resized): slow enough to kill in the middle. */
  @BeforeAll
  static void images() throws IOException {
    data = tmp.resolve("data");
    for (String c : new String[] {"fresh", "rotten"}) {
      for (int i = 0; i < 200; i++) {
        TestImages.noise(
            data.resolve(c).resolve(String.format("img_%03d.%s", i, i % 5 == 0 ? "png" : "jpg")),
            300,
            300,
            c.hashCode() * 1000L + i,
            i % 5 == 0 ? "png" : "jpg");
      }
    }
    Files.writeString(data.resolve("fresh/broken.jpg"), "not a jpeg");
  }

  private static List<Path> files(Path dir, String suffix) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
    }
  }

  @Test
  void aBuildKilledMidwayLeavesNoCacheAndTheNextBuildIsComplete() throws Exception {
    Path cache = tmp.resolve("killed-cache");
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-D" + DecodeCache.THREADS_PROPERTY + "=1",
                DecodeCacheMain.class.getName(),
                data.toString(),
                cache.toString())
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("build.log").toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    boolean midway = false;
    while (System.nanoTime() < deadline && p.isAlive()) {
      List<Path> parts = files(cache, ".part");
      // past the first 1 MiB flush: pixels of some images are on disk, most are not decoded yet
      if (!parts.isEmpty() && Files.size(parts.get(0)) > (1 << 20)) {
        midway = true;
        break;
      }
      Thread.sleep(2);
    }
    assertTrue(
        midway,
        "the build wrote part of its cache before the kill: "
            + Files.readString(tmp.resolve("build.log")));
    p.destroyForcibly(); // SIGKILL: no finally block, no clean-up
    assertTrue(p.waitFor(20, TimeUnit.SECONDS));
    assertEquals(List.of(), files(cache, ".u8"), "no file under the cache's name after the kill");
    assertEquals(1, files(cache, ".part").size(), "the killed build left its temporary file");

    ImageFolder folder = ImageFolder.scan(data, "test");
    long before = DecodeCache.decodedImages();
    DecodeCache.Opened o = DecodeCache.ensure(folder, SHAPE, cache);
    assertTrue(o.built());
    assertEquals(401, DecodeCache.decodedImages() - before, "the next build starts from scratch");
    assertEquals(400, o.images().size());
    assertEquals(1, o.skipped().size());
    assertEquals(List.of(), files(cache, ".part"), "the leftover is removed");
    String record = DecodeCache.buildRecord(o.file());
    assertTrue(record.contains("images=400") && record.contains("threads="), record);
    // Correct pixels: the same as decoding the files directly.
    byte[] got = new byte[SHAPE.size()];
    for (int i : new int[] {0, 57, 199, 399}) {
      o.images().copyBytes(i, got, 0);
      DecodeCache.Item item = o.used().get(i);
      assertArrayEquals(
          ImageDecoder.decode(data.resolve(item.relative()), 128, 128).pixels(),
          got,
          item.relative());
    }
  }

  @Test
  void anInterruptedBuildDeletesItsTemporaryFileAndTheNextBuildIsComplete() throws Exception {
    Path cache = tmp.resolve("interrupted-cache");
    ImageFolder folder = ImageFolder.scan(data, "test");
    Thread builder = Thread.currentThread();
    Thread interrupter =
        new Thread(
            () -> {
              try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (System.nanoTime() < deadline) {
                  List<Path> parts = files(cache, ".part");
                  if (!parts.isEmpty() && Files.size(parts.get(0)) > (1 << 20)) {
                    builder.interrupt();
                    return;
                  }
                  Thread.sleep(2);
                }
              } catch (IOException | InterruptedException e) {
                // the assertion below fails
              }
            });
    interrupter.start();
    String previous = System.getProperty(DecodeCache.THREADS_PROPERTY);
    System.setProperty(DecodeCache.THREADS_PROPERTY, "1");
    try {
      DatasetException e =
          assertThrows(DatasetException.class, () -> DecodeCache.ensure(folder, SHAPE, cache));
      assertTrue(e.getMessage().contains("interrupted"), e.getMessage());
    } finally {
      Thread.interrupted();
      interrupter.join();
      if (previous == null) {
        System.clearProperty(DecodeCache.THREADS_PROPERTY);
      } else {
        System.setProperty(DecodeCache.THREADS_PROPERTY, previous);
      }
    }
    assertEquals(List.of(), files(cache, ".u8"));
    assertEquals(List.of(), files(cache, ".part"));
    DecodeCache.Opened o = DecodeCache.ensure(folder, SHAPE, cache);
    assertTrue(o.built());
    assertEquals(400, o.images().size());
  }

  @Test
  void aTruncatedCacheUnderTheFinalNameIsNotTakenAsValid() throws Exception {
    Path cache = tmp.resolve("truncated-cache");
    ImageFolder folder = ImageFolder.scan(data, "test");
    DecodeCache.Opened a = DecodeCache.ensure(folder, SHAPE, cache);
    byte[] first = new byte[SHAPE.size()];
    a.images().copyBytes(10, first, 0);
    try (FileChannel ch = FileChannel.open(a.file(), StandardOpenOption.WRITE)) {
      ch.truncate(ch.size() - SHAPE.size());
    }
    DecodeCache.Opened b = DecodeCache.ensure(ImageFolder.scan(data, "test"), SHAPE, cache);
    assertTrue(b.built(), "a cut cache is rebuilt, not read");
    assertEquals(400, b.images().size());
    byte[] again = new byte[SHAPE.size()];
    b.images().copyBytes(10, again, 0);
    assertArrayEquals(first, again);
    assertFalse(files(cache, ".u8").isEmpty());
  }
}
