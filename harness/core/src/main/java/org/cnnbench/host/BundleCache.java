package org.cnnbench.host;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.cnnbench.spi.Bundle;

/**
 * The harness's cache of unpacked {@link Bundle}s: {@code ROOT/NAME-HASH/}, where HASH is the first
 * 16 hex digits of a SHA-256 over the bundle's pattern and the selected files' names, sizes and
 * content (for a jar the CRC-32 of each entry from its directory, so the key costs no read of the
 * 600 MB of natives; for a folder the bytes). A bundle is unpacked once, by one process at a time
 * (a lock file {@code NAME-HASH.lock}), into {@code .NAME-HASH.part} and renamed into place with a
 * {@code .complete} marker only when every file is written; later processes reuse it. The root, by
 * default {@code java.io.tmpdir/cnn-bench-cache} ({@code -Dcnnbench.cache.dir=} to move it), holds
 * a README saying what it is; deleting it is always safe between runs.
 */
public final class BundleCache {

  /** System property naming the cache root. */
  public static final String CACHE_PROPERTY = "cnnbench.cache.dir";

  /** The marker of a complete bundle folder. */
  static final String COMPLETE = ".complete";

  private static final Object MONITOR = new Object();

  private BundleCache() {}

  /**
   * @return {@code -Dcnnbench.cache.dir}, else {@code java.io.tmpdir/cnn-bench-cache}
   */
  public static Path defaultRoot() {
    String dir = System.getProperty(CACHE_PROPERTY, "");
    if (!dir.isBlank()) {
      return Path.of(dir).toAbsolutePath();
    }
    return Path.of(System.getProperty("java.io.tmpdir"), "cnn-bench-cache").toAbsolutePath();
  }

  /**
   * The bundle's folder in the cache, unpacked now if it is not there yet.
   *
   * @param bundle what to unpack
   * @param root the cache root
   * @return the folder holding the bundle's files, flat
   * @throws IOException if the source cannot be read, the cache not written, or a required file is
   *     not in the source
   */
  public static Path unpack(Bundle bundle, Path root) throws IOException {
    String key = bundle.name() + "-" + hash(bundle).substring(0, 16);
    Path dir = root.resolve(key);
    if (Files.isRegularFile(dir.resolve(COMPLETE))) {
      return dir;
    }
    // One thread of this JVM at a time (a second lock of the same file in one JVM throws), one
    // process
    // at a time through the lock file.
    synchronized (MONITOR) {
      Files.createDirectories(root);
      writeReadme(root);
      try (FileChannel channel =
          FileChannel.open(
              root.resolve(key + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        FileLock lock = channel.tryLock();
        if (lock == null) {
          System.err.println("cnn-bench: another process is unpacking " + dir + "; waiting for it");
          lock = channel.lock();
        }
        try {
          if (Files.isRegularFile(dir.resolve(COMPLETE))) {
            return dir; // unpacked by the process we waited for
          }
          long start = System.nanoTime();
          Path part = root.resolve("." + key + ".part");
          deleteTree(part);
          deleteTree(dir); // a folder without its marker is what a killed unpack left
          Files.createDirectories(part);
          List<String> written = copy(bundle, part);
          for (String required : bundle.required()) {
            if (!written.contains(required)) {
              deleteTree(part);
              throw new IOException(
                  bundle.source()
                      + " holds no "
                      + required
                      + " (bundle "
                      + bundle.name()
                      + ", files matching "
                      + bundle.fileNameRegex()
                      + ": "
                      + written
                      + ")");
            }
          }
          Files.writeString(
              part.resolve(COMPLETE),
              "unpacked from " + bundle.source() + "\n",
              StandardCharsets.UTF_8);
          try {
            Files.move(part, dir, StandardCopyOption.ATOMIC_MOVE);
          } catch (AtomicMoveNotSupportedException e) {
            Files.move(part, dir);
          }
          System.err.printf(
              Locale.ROOT,
              "cnn-bench: unpacked %d files of %s into %s in %.1f s%n",
              written.size(),
              bundle.source().getFileName(),
              dir,
              (System.nanoTime() - start) / 1e9);
          return dir;
        } finally {
          lock.release();
        }
      }
    }
  }

  /**
   * The bundle's cache key: a SHA-256 over its pattern and the selected files' names, sizes and
   * content (a jar entry's CRC-32, a folder file's bytes).
   *
   * @param bundle the bundle
   * @return hex digest
   * @throws IOException if the source cannot be read
   */
  static String hash(Bundle bundle) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    md.update(bundle.fileNameRegex().getBytes(StandardCharsets.UTF_8));
    md.update((byte) 0);
    Pattern pattern = Pattern.compile(bundle.fileNameRegex());
    if (Files.isDirectory(bundle.source())) {
      for (Path f : folderFiles(bundle.source(), pattern)) {
        byte[] bytes = Files.readAllBytes(f);
        md.update(bundle.source().relativize(f).toString().getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        md.update(Long.toString(bytes.length).getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        md.update(bytes);
      }
    } else {
      try (ZipFile zip = new ZipFile(bundle.source().toFile())) {
        SortedMap<String, ZipEntry> entries = jarEntries(zip, pattern);
        for (ZipEntry e : entries.values()) {
          md.update(
              (e.getName() + "\0" + e.getSize() + "\0" + Long.toHexString(e.getCrc()) + "\0")
                  .getBytes(StandardCharsets.UTF_8));
        }
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static List<String> copy(Bundle bundle, Path into) throws IOException {
    Pattern pattern = Pattern.compile(bundle.fileNameRegex());
    Set<String> written = new LinkedHashSet<>();
    if (Files.isDirectory(bundle.source())) {
      for (Path f : folderFiles(bundle.source(), pattern)) {
        String name = f.getFileName().toString();
        if (!written.add(name)) {
          throw new IOException(
              bundle.source()
                  + " holds two files named "
                  + name
                  + " (bundle "
                  + bundle.name()
                  + ")");
        }
        Files.copy(f, into.resolve(name));
      }
    } else {
      try (ZipFile zip = new ZipFile(bundle.source().toFile())) {
        for (ZipEntry e : jarEntries(zip, pattern).values()) {
          String name = fileName(e.getName());
          if (!written.add(name)) {
            throw new IOException(
                bundle.source()
                    + " holds two entries named "
                    + name
                    + " (bundle "
                    + bundle.name()
                    + ")");
          }
          try (InputStream in = zip.getInputStream(e)) {
            Files.copy(in, into.resolve(name));
          }
        }
      }
    }
    return new ArrayList<>(written);
  }

  private static List<Path> folderFiles(Path folder, Pattern pattern) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> pattern.matcher(f.getFileName().toString()).matches())
          .sorted()
          .toList();
    }
  }

  private static SortedMap<String, ZipEntry> jarEntries(ZipFile zip, Pattern pattern) {
    TreeMap<String, ZipEntry> selected = new TreeMap<>();
    zip.stream()
        .filter(e -> !e.isDirectory())
        .filter(e -> pattern.matcher(fileName(e.getName())).matches())
        .forEach(e -> selected.put(e.getName(), e));
    return selected;
  }

  private static String fileName(String entry) {
    return entry.substring(entry.lastIndexOf('/') + 1);
  }

  private static void writeReadme(Path root) throws IOException {
    Path readme = root.resolve("README.md");
    if (!Files.exists(readme)) {
      Path tmp = root.resolve(".README.md." + ProcessHandle.current().pid());
      Files.writeString(
          tmp,
          "# cnn-bench cache\n\nFiles that adapters declared in their FrameworkProvider.needs()"
              + " (e.g. TensorFlow's native libraries for DJL's engine), unpacked once by the harness into"
              + " NAME-HASH/ (HASH: a SHA-256 of the files' content) and reused by every trial. Generated;"
              + " safe to delete when no cnn-bench run is going.\n",
          StandardCharsets.UTF_8);
      try {
        Files.move(tmp, readme, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /**
   * Deletes a folder and everything in it; nothing if it does not exist.
   *
   * @param dir the folder
   * @throws IOException if something in it cannot be deleted
   */
  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
