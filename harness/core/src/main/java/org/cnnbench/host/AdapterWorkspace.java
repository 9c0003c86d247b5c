package org.cnnbench.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cnnbench.spi.Bundle;
import org.cnnbench.spi.FrameworkContext;
import org.cnnbench.spi.FrameworkNeeds;
import org.cnnbench.spi.FrameworkProvider;

/**
 * What the harness makes for one adapter from its {@link FrameworkProvider#needs()}, and removes
 * again: the scratch folder (created empty, deleted with everything in it at {@link #close()}) and
 * the bundles, unpacked through {@link BundleCache} (kept, they are a cache). Hosts create it before
 * {@code open} and close it after the session, so unpacking falls inside the engine load they time.
 */
public final class AdapterWorkspace implements AutoCloseable {

  /** Where a memory scratch folder goes when the machine has one. */
  static final Path MEMORY_ROOT = Path.of("/dev/shm");

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
   * @param diskScratch the scratch folder to create when the adapter needs one on disk (deleted first
   *     if a killed host left it); a memory scratch folder is named after it
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
  public static AdapterWorkspace create(FrameworkProvider provider, Path diskScratch, Path cacheRoot) {
    FrameworkNeeds needs = provider.needs();
    Path scratch = null;
    try {
      scratch = switch (needs.scratch()) {
        case NONE -> null;
        case DISK -> fresh(diskScratch);
        case MEMORY -> fresh(memoryFolder(diskScratch));
      };
      Map<String, Path> bundles = new LinkedHashMap<>();
      Map<String, String> missing = new LinkedHashMap<>();
      for (Bundle b : needs.bundles()) {
        if (!Files.exists(b.source())) {
          // The adapter decides what a missing bundle means (e.g. a fallback, or a clear failure).
          missing.put(b.name(), b.source() + " does not exist; rebuild the adapter with"
              + " 'mvn -DskipTests install'");
          continue;
        }
        bundles.put(b.name(), BundleCache.unpack(b, cacheRoot));
      }
      return new AdapterWorkspace(new FrameworkContext(scratch, bundles, missing), scratch);
    } catch (IOException e) {
      deleteQuietly(scratch);
      throw new UncheckedIOException("cannot prepare what adapter '" + provider.name() + "' needs: "
          + e.getMessage(), e);
    }
  }

  /** @return what the adapter gets at {@code open} */
  public FrameworkContext context() {
    return context;
  }

  /** @return the scratch folder, or null if the adapter asked for none */
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
   * @return {@code /dev/shm/cnn-bench-PID-NAME} where {@code /dev/shm} is a writable folder, else the
   *     disk folder
   */
  static Path memoryFolder(Path diskScratch) {
    if (Files.isDirectory(MEMORY_ROOT) && Files.isWritable(MEMORY_ROOT)) {
      return MEMORY_ROOT.resolve("cnn-bench-" + ProcessHandle.current().pid() + "-" + diskScratch.getFileName());
    }
    return diskScratch;
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
