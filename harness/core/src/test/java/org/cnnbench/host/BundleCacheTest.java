package org.cnnbench.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.cnnbench.spi.Bundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bundles are unpacked once per content, flat, completely or not at all, and reused. */
class BundleCacheTest {

  @TempDir Path dir;

  private Path jar(String name, Map<String, String> entries) throws IOException {
    Path jar = dir.resolve(name);
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(jar))) {
      for (Map.Entry<String, String> e : new TreeMap<>(entries).entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey()));
        z.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        z.closeEntry();
      }
    }
    return jar;
  }

  private static Bundle natives(Path source) {
    return new Bundle("test-natives", source, "lib.*\\.so.*", List.of("libjni.so"));
  }

  private static List<String> names(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void unpacksTheMatchingFilesFlatOnceAndReusesThem() throws IOException {
    Path jar =
        jar(
            "natives.jar",
            Map.of(
                "org/x/linux/libjni.so",
                "jni",
                "org/x/linux/libcore.so.2",
                "core",
                "org/x/linux/README.txt",
                "no",
                "META-INF/MANIFEST.MF",
                "no"));
    Path cache = dir.resolve("cache");
    Path unpacked = BundleCache.unpack(natives(jar), cache);
    assertEquals(cache, unpacked.getParent());
    assertTrue(
        unpacked.getFileName().toString().matches("test-natives-[0-9a-f]{16}"),
        unpacked.toString());
    assertEquals(List.of(BundleCache.COMPLETE, "libcore.so.2", "libjni.so"), names(unpacked));
    assertEquals("core", Files.readString(unpacked.resolve("libcore.so.2")));
    assertTrue(Files.isRegularFile(cache.resolve("README.md")), "the cache says what it is");
    // Reused: a file planted in the folder survives a second unpack.
    Files.writeString(unpacked.resolve("planted"), "x");
    assertEquals(unpacked, BundleCache.unpack(natives(jar), cache));
    assertTrue(Files.exists(unpacked.resolve("planted")), "unpacked once, then reused");
  }

  @Test
  void theKeyIsTheContentNotThePathOrTime() throws IOException {
    Map<String, String> content = Map.of("a/libjni.so", "jni", "a/libcore.so", "core");
    Path cache = dir.resolve("cache");
    Path one = BundleCache.unpack(natives(jar("one.jar", content)), cache);
    Path copy = BundleCache.unpack(natives(jar("copy.jar", content)), cache);
    assertEquals(one, copy, "the same files in another jar are the same bundle");
    Path changed =
        BundleCache.unpack(
            natives(
                jar("changed.jar", Map.of("a/libjni.so", "jni", "a/libcore.so", "core, rebuilt"))),
            cache);
    assertNotEquals(one, changed, "changed content is another bundle");
    assertEquals("core, rebuilt", Files.readString(changed.resolve("libcore.so")));
  }

  @Test
  void aMissingRequiredFileFailsNamingItAndLeavesNothing() throws IOException {
    Path jar = jar("broken.jar", Map.of("a/libcore.so", "core"));
    Path cache = dir.resolve("cache");
    IOException e = assertThrows(IOException.class, () -> BundleCache.unpack(natives(jar), cache));
    assertTrue(
        e.getMessage().contains("holds no libjni.so") && e.getMessage().contains("broken.jar"),
        e.getMessage());
    try (Stream<Path> s = Files.list(cache)) {
      assertTrue(
          s.noneMatch(
              p ->
                  p.getFileName().toString().startsWith(".test-natives")
                      || (Files.isDirectory(p)
                          && p.getFileName().toString().startsWith("test-natives"))),
          "no partial folder left");
    }
  }

  @Test
  void aFolderLeftByAKilledUnpackIsUnpackedAgain() throws IOException {
    Path jar = jar("natives.jar", Map.of("a/libjni.so", "jni"));
    Path cache = dir.resolve("cache");
    Path unpacked = BundleCache.unpack(natives(jar), cache);
    Files.delete(unpacked.resolve(BundleCache.COMPLETE));
    Files.delete(unpacked.resolve("libjni.so"));
    assertEquals(unpacked, BundleCache.unpack(natives(jar), cache));
    assertEquals("jni", Files.readString(unpacked.resolve("libjni.so")));
  }

  @Test
  void aFolderSourceIsCopiedAndTwoEntriesOfOneNameAreRefused() throws IOException {
    Path src = Files.createDirectories(dir.resolve("src/lib"));
    Files.writeString(src.resolve("libjni.so"), "jni");
    Path copied = BundleCache.unpack(natives(dir.resolve("src")), dir.resolve("cache"));
    assertEquals(List.of(BundleCache.COMPLETE, "libjni.so"), names(copied));
    Path twice = jar("twice.jar", Map.of("a/libjni.so", "1", "b/libjni.so", "2"));
    IOException e =
        assertThrows(
            IOException.class, () -> BundleCache.unpack(natives(twice), dir.resolve("c2")));
    assertTrue(e.getMessage().contains("two entries named libjni.so"), e.getMessage());
  }

  @Test
  void threadsUnpackingAtOnceGetOneFolder() throws Exception {
    Path jar = jar("natives.jar", Map.of("a/libjni.so", "jni".repeat(100_000)));
    Path cache = dir.resolve("cache");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      Callable<Path> unpack = () -> BundleCache.unpack(natives(jar), cache);
      List<Future<Path>> all = pool.invokeAll(List.of(unpack, unpack, unpack, unpack));
      for (Future<Path> f : all) {
        assertEquals(all.get(0).get(), f.get());
      }
      assertEquals(300_000, Files.size(all.get(0).get().resolve("libjni.so")));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void badBundlesAreRefusedWhenDeclared() {
    assertThrows(IllegalArgumentException.class, () -> new Bundle("Natives", dir, ".*", List.of()));
    assertThrows(PatternSyntaxException.class, () -> new Bundle("n", dir, "(", List.of()));
  }
}
