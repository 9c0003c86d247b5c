package org.cnnbench.spi;

import java.util.ArrayList;
import java.util.List;

/**
 * What an adapter needs from the harness before its framework loads, declared by {@link
 * FrameworkProvider#needs()}: a scratch folder and bundles of files (e.g. native libraries)
 * unpacked into a cache. The harness creates them and hands them to {@link
 * FrameworkProvider#open(Device, int, FrameworkContext)}; adapters create no folders of their own.
 * System properties are not declared here: {@link FrameworkProvider#childSystemProperties(int)}
 * already gives them, and the harness sets them when it starts the adapter's JVM.
 *
 * @param scratch the scratch folder the adapter needs, if any
 * @param bundles files to unpack once into the harness's cache, in order
 */
public record FrameworkNeeds(Scratch scratch, List<Bundle> bundles) {

  /** What kind of scratch folder an adapter needs. */
  public enum Scratch {
    /** None. */
    NONE,
    /** A folder on disk, e.g. for an exported model. */
    DISK,
    /**
     * A folder in memory ({@code /dev/shm}) where the machine has a writable one, else on disk,
     * e.g. for a file memory-mapped by two processes.
     */
    MEMORY
  }

  /** Checks and copies the parts; bundle names must be distinct. */
  public FrameworkNeeds {
    if (scratch == null) {
      throw new IllegalArgumentException("scratch must be given (Scratch.NONE for none)");
    }
    bundles = List.copyOf(bundles);
    if (bundles.stream().map(Bundle::name).distinct().count() != bundles.size()) {
      throw new IllegalArgumentException(
          "bundle names repeat: " + bundles.stream().map(Bundle::name).toList());
    }
  }

  /**
   * @return nothing: no scratch folder, no bundles
   */
  public static FrameworkNeeds none() {
    return new FrameworkNeeds(Scratch.NONE, List.of());
  }

  /**
   * @param kind the scratch folder to ask for
   * @return these needs with that scratch folder
   */
  public FrameworkNeeds withScratch(Scratch kind) {
    return new FrameworkNeeds(kind, bundles);
  }

  /**
   * @param bundle files to unpack into the harness's cache
   * @return these needs with the bundle added
   */
  public FrameworkNeeds withBundle(Bundle bundle) {
    List<Bundle> more = new ArrayList<>(bundles);
    more.add(bundle);
    return new FrameworkNeeds(scratch, more);
  }
}
