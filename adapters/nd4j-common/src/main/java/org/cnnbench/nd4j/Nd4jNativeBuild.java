package org.cnnbench.nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The x86-64 builds of libnd4j (the classifiers of {@code org.nd4j:nd4j-native}) that the adapters
 * ship, and the choice of one per trial from the CPU's flags. Pure Java: the runner calls it in its
 * own JVM, before any native library loads, to put only the chosen build's jar on a trial's class
 * path.
 *
 * <p>Why a choice at all: a build compiled for instructions the CPU lacks dies with SIGILL (the
 * {@code -avx512} build on AVX2 machines; on an AVX-512 CPU it ran 3–4× slower than oneDNN-AVX2, so
 * it is not shipped), and the generic build leaves AVX2/FMA and oneDNN unused. Automatic choice:
 * the oneDNN-AVX2 build when the CPU has AVX2 and FMA (measured faster than the generic build for
 * both DL4J APIs, see adapters/nd4j-common/README.md), else the generic one. {@code
 * -Ddl4j.native=generic|avx2|onednn-avx2} forces one.
 */
@SuppressWarnings("ImmutableEnumChecker") // requiredFlags is an unmodifiable Set.copyOf
public enum Nd4jNativeBuild {
  /** The portable x86-64 build (SSE only). */
  GENERIC("generic", "linux-x86_64", Set.of()),
  /** Built with AVX2 and FMA. */
  AVX2("avx2", "linux-x86_64-avx2", Set.of("avx2", "fma")),
  /** Built with AVX2 and FMA, with oneDNN 2.3 linked in for convolutions, pooling, batch norm. */
  ONEDNN_AVX2("onednn-avx2", "linux-x86_64-onednn-avx2", Set.of("avx2", "fma"));

  /** The system property that forces a build, in the runner and in a trial's JVM. */
  public static final String PROPERTY = "dl4j.native";

  /** The file name of an nd4j-native platform jar: nd4j-native-VERSION-CLASSIFIER.jar. */
  private static final Pattern JAR =
      Pattern.compile("nd4j-native-\\d[^/]*?-(linux-x86_64(?:-[a-z0-9]+)*)\\.jar");

  private final String id;
  private final String classifier;
  private final Set<String> requiredFlags;

  Nd4jNativeBuild(String id, String classifier, Set<String> requiredFlags) {
    this.id = id;
    this.classifier = classifier;
    this.requiredFlags = Set.copyOf(requiredFlags);
  }

  /**
   * @return the name used in {@code -Ddl4j.native=} and in results, e.g. {@code onednn-avx2}
   */
  public String id() {
    return id;
  }

  /**
   * @return the Maven classifier of its nd4j-native jar, e.g. {@code linux-x86_64-onednn-avx2}
   */
  public String classifier() {
    return classifier;
  }

  /**
   * @return the /proc/cpuinfo flags the build needs
   */
  public Set<String> requiredFlags() {
    return requiredFlags;
  }

  /**
   * @return whether oneDNN is linked into this build
   */
  public boolean hasOneDnn() {
    return this == ONEDNN_AVX2;
  }

  /**
   * @param cpuFlags the CPU's flags
   * @return whether this build runs on that CPU without an illegal instruction
   */
  public boolean runsOn(Set<String> cpuFlags) {
    return cpuFlags.containsAll(requiredFlags);
  }

  /**
   * Parses a build name.
   *
   * @param name e.g. {@code avx2}
   * @return the build
   * @throws IllegalArgumentException listing the valid names if unknown
   */
  public static Nd4jNativeBuild of(String name) {
    for (Nd4jNativeBuild b : values()) {
      if (b.id.equalsIgnoreCase(name.trim())) {
        return b;
      }
    }
    throw new IllegalArgumentException(
        "-D"
            + PROPERTY
            + "="
            + name
            + " is not a native build of ND4J"
            + " that cnn-bench ships; valid: "
            + validNames());
  }

  /**
   * @return the valid names, comma-separated
   */
  public static String validNames() {
    return Arrays.stream(values()).map(Nd4jNativeBuild::id).collect(Collectors.joining(", "));
  }

  /**
   * The build for a CPU: the forced one if given (after checking the CPU can run it), else the
   * fastest that runs on it.
   *
   * @param cpuFlags the CPU's flags (lower case)
   * @param forced the value of {@code -Ddl4j.native}, or null / blank for the automatic choice
   * @return the build
   * @throws IllegalArgumentException for an unknown name, or a build the CPU cannot run
   */
  public static Nd4jNativeBuild choose(Set<String> cpuFlags, String forced) {
    if (forced != null && !forced.isBlank()) {
      Nd4jNativeBuild b = of(forced);
      if (!b.runsOn(cpuFlags)) {
        Set<String> missing = new TreeSet<>(b.requiredFlags);
        missing.removeAll(cpuFlags);
        throw new IllegalArgumentException(
            "-D"
                + PROPERTY
                + "="
                + b.id
                + " needs the CPU flags "
                + missing
                + ", which this CPU lacks (it would die with SIGILL); use -D"
                + PROPERTY
                + "=generic or leave it unset");
      }
      return b;
    }
    return ONEDNN_AVX2.runsOn(cpuFlags) ? ONEDNN_AVX2 : GENERIC;
  }

  /**
   * The build for this machine and this JVM's {@code -Ddl4j.native}.
   *
   * @return the build
   * @throws IllegalArgumentException for an unknown or unusable {@code -Ddl4j.native}
   */
  public static Nd4jNativeBuild forThisMachine() {
    return choose(cpuFlags(), System.getProperty(PROPERTY));
  }

  /**
   * @return the flags of the first processor in /proc/cpuinfo; empty if it cannot be read
   */
  public static Set<String> cpuFlags() {
    try {
      return cpuFlags(Files.readAllLines(Path.of("/proc/cpuinfo")));
    } catch (IOException | RuntimeException e) {
      return Set.of(); // unknown CPU: only the generic build is safe
    }
  }

  /**
   * @param cpuinfo the lines of /proc/cpuinfo
   * @return the flags of its first {@code flags} line, lower case
   */
  static Set<String> cpuFlags(List<String> cpuinfo) {
    for (String line : cpuinfo) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equals("flags")) {
        return Set.copyOf(
            Arrays.asList(line.substring(colon + 1).trim().toLowerCase(Locale.ROOT).split("\\s+")));
      }
    }
    return Set.of();
  }

  /**
   * The class path with only this build's nd4j-native platform jar among the shipped ones.
   *
   * @param entries class path entries
   * @return the entries without the other builds' jars
   * @throws IllegalStateException if this build's jar is not among them
   */
  public List<String> keepOnly(List<String> entries) {
    List<String> kept = new ArrayList<>();
    boolean found = false;
    for (String e : entries) {
      String c = classifierOf(e);
      if (c == null) {
        kept.add(e);
      } else if (c.equals(classifier)) {
        kept.add(e);
        found = true;
      }
    }
    if (!found) {
      throw new IllegalStateException(
          "the class path has no nd4j-native jar with classifier "
              + classifier
              + " (-D"
              + PROPERTY
              + "="
              + id
              + "); rebuild with 'mvn -DskipTests install'");
    }
    return kept;
  }

  /**
   * @param entry a class path entry
   * @return the classifier if it is an nd4j-native platform jar, else null
   */
  static String classifierOf(String entry) {
    Path name = Path.of(entry).getFileName();
    if (name == null) {
      return null;
    }
    Matcher m = JAR.matcher(name.toString());
    return m.matches() ? m.group(1) : null;
  }

  /**
   * The build whose platform folder a loaded library lies in, e.g. JavaCPP's cache path {@code
   * .../linux-x86_64-avx2/libnd4jcpu.so}.
   *
   * @param libraryPath the path of a loaded libnd4j library
   * @return the build, or null if the path names none
   */
  public static Nd4jNativeBuild ofLoadedLibrary(String libraryPath) {
    Path parent = Path.of(libraryPath).getParent();
    String dir =
        parent == null || parent.getFileName() == null ? "" : parent.getFileName().toString();
    for (Nd4jNativeBuild b : values()) {
      if (b.classifier.equals(dir)) {
        return b;
      }
    }
    return null;
  }
}
