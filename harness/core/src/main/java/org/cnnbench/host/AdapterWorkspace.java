package org.cnnbench.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.cnnbench.spi.Bundle;
import org.cnnbench.spi.FrameworkContext;
import org.cnnbench.spi.FrameworkNeeds;
import org.cnnbench.spi.FrameworkProvider;

/**
 * What the harness makes for one adapter from its {@link FrameworkProvider#needs()}, and removes
 * again: the scratch folder (created empty, deleted with everything in it at {@link #close()}) and
 * the bundles, unpacked through {@link BundleCache} (kept, they are a cache). The memory scratch
 * folders of a host that was killed are removed by whoever started it ({@link #removeLeftovers}) or
 * by a later run ({@link #removeStale}). Hosts create it before {@code open} and close it after the
 * session, so unpacking falls inside the engine load they time.
 */
public final class AdapterWorkspace implements AutoCloseable {

  /** Where a memory scratch folder goes when the machine has one. */
  static final Path MEMORY_ROOT = Path.of("/dev/shm");

  /**
   * The name of a scratch folder that names its owner: {@code cnn-bench-PID-NAME} in {@code
   * /dev/shm}, {@code cnn-bench-jmh-PID-NAME} (a JMH fork's) in the temp folder; group 1 is the
   * owner's process id.
   */
  private static final Pattern OWNED = Pattern.compile("cnn-bench-(?:jmh-)?(\\d{1,18})-.+");

  private final FrameworkContext context;
  private final Path scratch;

  private AdapterWorkspace(FrameworkContext context, Path scratch) {
    this.context = context;
    this.scratch = scratch;
  }

  /**
   * Makes what the provider needs, with the bundles in {@link BundleCache#defaultRoot()}.
   *
   * @param provider the adapter
   * @param diskScratch the scratch folder to create when the adapter needs one on disk (deleted
   *     first if a killed host left it); a memory scratch folder is named after it
   * @return the workspace
   * @throws UncheckedIOException if a folder cannot be made or a bundle not unpacked
   */
  public static AdapterWorkspace create(FrameworkProvider provider, Path diskScratch) {
    return create(provider, diskScratch, BundleCache.defaultRoot());
  }

  /**
   * Makes what the provider needs.
   *
   * @param provider the adapter
   * @param diskScratch the scratch folder to create when the adapter needs one on disk
   * @param cacheRoot the bundle cache
   * @return the workspace
   * @throws UncheckedIOException if a folder cannot be made or a bundle not unpacked
   */
  public static AdapterWorkspace create(
      FrameworkProvider provider, Path diskScratch, Path cacheRoot) {
    FrameworkNeeds needs = provider.needs();
    Path scratch = null;
    try {
      scratch =
          switch (needs.scratch()) {
            case NONE -> null;
            case DISK -> fresh(diskScratch);
            case MEMORY -> fresh(memoryFolder(diskScratch));
          };
      Map<String, Path> bundles = new LinkedHashMap<>();
      Map<String, String> missing = new LinkedHashMap<>();
      for (Bundle b : needs.bundles()) {
        if (!Files.exists(b.source())) {
          // The adapter decides what a missing bundle means (e.g. a fallback, or a clear failure).
          missing.put(
              b.name(),
              b.source()
                  + " does not exist; rebuild the adapter with"
                  + " 'mvn -DskipTests install'");
          continue;
        }
        bundles.put(b.name(), BundleCache.unpack(b, cacheRoot));
      }
      return new AdapterWorkspace(new FrameworkContext(scratch, bundles, missing), scratch);
    } catch (IOException e) {
      deleteQuietly(scratch);
      throw new UncheckedIOException(
          "cannot prepare what adapter '" + provider.name() + "' needs: " + e.getMessage(), e);
    }
  }

  /**
   * @return what the adapter gets at {@code open}
   */
  public FrameworkContext context() {
    return context;
  }

  /**
   * @return the scratch folder, or null if the adapter asked for none
   */
  public Path scratch() {
    return scratch;
  }

  /** Deletes the scratch folder and everything the adapter left in it. */
  @Override
  public void close() {
    try {
      if (scratch != null) {
        BundleCache.deleteTree(scratch);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the scratch folder " + scratch, e);
    }
  }

  /**
   * @param diskScratch the disk scratch folder
   * @return {@code /dev/shm/cnn-bench-PID-NAME} where {@code /dev/shm} is a writable folder, else
   *     the disk folder
   */
  static Path memoryFolder(Path diskScratch) {
    if (Files.isDirectory(MEMORY_ROOT) && Files.isWritable(MEMORY_ROOT)) {
      return MEMORY_ROOT.resolve(
          "cnn-bench-" + ProcessHandle.current().pid() + "-" + diskScratch.getFileName());
    }
    return diskScratch;
  }

  /**
   * Removes the memory scratch folders of one process ({@code /dev/shm/cnn-bench-PID-*}): a host
   * that was killed (a timeout, a signal, a crash) never reached {@link #close()}.
   *
   * @param pid the process that created them
   * @return the folders removed
   */
  public static List<Path> removeLeftovers(long pid) {
    return remove(MEMORY_ROOT, owner -> owner == pid);
  }

  /**
   * Removes what a killed host left: its memory scratch folders and its disk scratch folder.
   *
   * @param pid the host's process id
   * @param diskScratch the disk scratch folder it was given
   * @return the folders removed
   */
  public static List<Path> removeLeftovers(long pid, Path diskScratch) {
    List<Path> removed = new ArrayList<>(removeLeftovers(pid));
    try {
      if (Files.exists(diskScratch, LinkOption.NOFOLLOW_LINKS)) {
        BundleCache.deleteTree(diskScratch);
        removed.add(diskScratch);
      }
    } catch (IOException | UncheckedIOException e) {
      // left for the next host of the same name, which deletes it first
    }
    return removed;
  }

  /**
   * Removes the scratch folders whose owner process is gone, in {@code /dev/shm} and in the temp
   * folder (a JMH fork's): those of runs that were killed with no chance to clean up ({@code kill
   * -9}, a power cut). A folder of a live process is kept.
   *
   * @return the folders removed
   */
  public static List<Path> removeStale() {
    List<Path> removed = new ArrayList<>(removeStale(MEMORY_ROOT));
    removed.addAll(removeStale(Path.of(System.getProperty("java.io.tmpdir"))));
    return removed;
  }

  static List<Path> removeStale(Path root) {
    return remove(root, AdapterWorkspace::gone);
  }

  /**
   * @param pid a process id
   * @return whether the process has ended: it no longer exists, or it is a zombie (ended, not yet
   *     reaped: an orphan in a container whose first process does not reap)
   */
  static boolean gone(long pid) {
    if (ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true)) {
      return true;
    }
    try {
      String stat =
          Files.readString(
              Path.of("/proc", String.valueOf(pid), "stat"), StandardCharsets.US_ASCII);
      // the state follows the command name, which is in parentheses and may hold spaces
      return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
    } catch (IOException | RuntimeException e) {
      return false; // alive as far as anyone can tell
    }
  }

  /**
   * @param root where memory scratch folders are made
   * @param remove whether to remove the folders of a process id
   * @return the folders removed
   */
  static List<Path> remove(Path root, LongPredicate remove) {
    List<Path> removed = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return removed;
    }
    try (Stream<Path> list = Files.list(root)) {
      for (Path p : (Iterable<Path>) list::iterator) {
        Matcher m = OWNED.matcher(p.getFileName().toString());
        if (m.matches() && remove.test(Long.parseLong(m.group(1)))) {
          try {
            BundleCache.deleteTree(p);
            removed.add(p);
          } catch (IOException | UncheckedIOException e) {
            // another user's folder, or one being removed by its owner: left alone
          }
        }
      }
    } catch (IOException | UncheckedIOException e) {
      // an unlistable /dev/shm: nothing of ours can be found there
    }
    return removed;
  }

  private static Path fresh(Path dir) throws IOException {
    BundleCache.deleteTree(dir);
    Files.createDirectories(dir);
    return dir.toAbsolutePath();
  }

  private static void deleteQuietly(Path dir) {
    try {
      if (dir != null) {
        BundleCache.deleteTree(dir);
      }
    } catch (IOException e) {
      // the original failure is what matters
    }
  }
}
