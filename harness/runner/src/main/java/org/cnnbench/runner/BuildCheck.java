package org.cnnbench.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cnnbench.spi.AdapterClasspath;
import org.cnnbench.spi.BuildStamp;
import org.cnnbench.spi.FrameworkProvider;

/**
 * Checks, before any trial, that the code about to run was built from this checkout: every
 * cnn-bench jar or classes folder the runner and the trials load carries a {@link BuildStamp} whose
 * commit is the checkout's {@code HEAD} and whose source hash is that of the module's sources now.
 */
public final class BuildCheck {

  /** The build does not match the checkout; the message says what differs and how to rebuild. */
  static final class MismatchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MismatchException(String message) {
      super(message);
    }
  }

  /** Runs the check; the runner's real one is {@link #verify}, tests may pass another. */
  @FunctionalInterface
  public interface Verifier {
    void verify(Path checkout, Map<String, FrameworkProvider> providers);
  }

  private BuildCheck() {}

  /**
   * @param checkout the checkout root
   * @param providers the adapters that will run
   * @throws MismatchException naming the first mismatching build and the command that rebuilds it
   */
  static void verify(Path checkout, Map<String, FrameworkProvider> providers) {
    verifyEntries(checkout, entries(providers));
  }

  /**
   * @param checkout the checkout root
   * @param entries per adapter the jars and folders it loads, its own first
   * @throws MismatchException naming the first mismatching build and the command that rebuilds it
   */
  static void verifyEntries(Path checkout, Map<String, List<Path>> entries) {
    List<String> problems = problems(checkout, entries);
    if (!problems.isEmpty()) {
      throw new MismatchException(
          problems.get(0)
              + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "")
              + "; rebuild with 'mvn -DskipTests install' in "
              + checkout);
    }
  }

  /**
   * @param checkout the checkout root
   * @param entries per adapter (and {@code runner}) the jars and folders it loads, its own first
   * @return one sentence per stale or unstamped build, empty if all match
   */
  static List<String> problems(Path checkout, Map<String, List<Path>> entries) {
    String head = BuildStamp.git(checkout, "rev-parse", "HEAD");
    Map<String, String> currentHash = new HashMap<>();
    List<String> problems = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (Map.Entry<String, List<Path>> e : entries.entrySet()) {
      for (Path entry : e.getValue()) {
        List<BuildStamp> stamps;
        try {
          stamps = BuildStamp.read(entry);
        } catch (IOException ex) {
          problems.add(e.getKey() + ": cannot read " + entry + ": " + ex.getMessage());
          continue;
        }
        if (stamps.isEmpty() && e.getValue().get(0).equals(entry) && !e.getKey().equals("runner")) {
          problems.add(
              e.getKey()
                  + " ("
                  + entry
                  + ") has no build stamp, so it was not built by this"
                  + " version of the build");
        }
        for (BuildStamp s : stamps) {
          if (!seen.add(s.artifact() + "@" + s.location())) {
            continue;
          }
          String problem = problem(checkout, head, s, currentHash);
          if (problem != null) {
            problems.add(e.getKey() + ": " + problem);
          }
        }
      }
    }
    return problems;
  }

  /**
   * The stamps of what each adapter's trials load, for {@code environment.csv}.
   *
   * @param providers the adapters
   * @return {@code framework.NAME.build.*} and {@code build.ARTIFACT.*} keys
   */
  static Map<String, String> describe(Map<String, FrameworkProvider> providers) {
    Map<String, String> env = new LinkedHashMap<>();
    for (Map.Entry<String, List<Path>> e : entries(providers).entrySet()) {
      boolean own = true;
      for (Path entry : e.getValue()) {
        List<BuildStamp> stamps;
        try {
          stamps = BuildStamp.read(entry);
        } catch (IOException ex) {
          stamps = List.of();
        }
        if (own && !e.getKey().equals("runner")) {
          String prefix = "framework." + e.getKey() + ".build.";
          if (stamps.isEmpty()) {
            env.put(prefix + "commit", "unstamped");
            env.put(prefix + "location", entry.toString());
          } else {
            stamps.get(0).fields().forEach((k, v) -> env.put(prefix + k, v));
          }
        }
        own = false;
        for (BuildStamp s : stamps) {
          String prefix = "build." + s.artifact() + ".";
          if (!env.containsKey(prefix + "commit")) {
            s.fields().forEach((k, v) -> env.put(prefix + k, v));
          }
        }
      }
    }
    return env;
  }

  /**
   * @return per adapter (and {@code runner}) the jars and folders it loads; an adapter's own first
   */
  static Map<String, List<Path>> entries(Map<String, FrameworkProvider> providers) {
    Map<String, List<Path>> out = new LinkedHashMap<>();
    out.put(
        "runner",
        List.of(
            Path.of(AdapterClasspath.location(BuildCheck.class)),
            Path.of(AdapterClasspath.location(FrameworkProvider.class))));
    for (FrameworkProvider p : providers.values()) {
      Set<Path> paths = new LinkedHashSet<>();
      try {
        for (String e : p.childClasspath()) {
          paths.add(Path.of(e));
        }
      } catch (RuntimeException ex) {
        throw new MismatchException("adapter '" + p.name() + "': " + ex.getMessage());
      }
      // The copy the runner itself loaded (for names, capabilities, settings) must match too.
      paths.add(Path.of(AdapterClasspath.location(p.getClass())));
      out.put(p.name(), new ArrayList<>(paths));
    }
    return out;
  }

  private static String problem(
      Path checkout, String head, BuildStamp s, Map<String, String> currentHash) {
    Path module = checkout.resolve(s.module());
    if (s.module().isEmpty() || !Files.isDirectory(module)) {
      return s.artifact()
          + " ("
          + s.location()
          + ") was built from module '"
          + s.module()
          + "' in "
          + s.checkout()
          + ", which this checkout does not have";
    }
    String now =
        currentHash.computeIfAbsent(
            s.module(),
            m -> {
              try {
                return BuildStamp.sourcesSha256(module);
              } catch (IOException e) {
                return "unreadable: " + e.getMessage();
              }
            });
    String built =
        "was built from commit "
            + shortId(s.commit())
            + (s.dirty() ? " with uncommitted changes" : "")
            + " in "
            + s.checkout();
    if (!head.equals("unknown") && !s.commit().equals("unknown") && !head.equals(s.commit())) {
      return s.artifact()
          + " ("
          + s.location()
          + ") "
          + built
          + ", but this checkout is at commit "
          + shortId(head);
    }
    if (!now.equals(s.sourcesSha256())) {
      return s.artifact()
          + " ("
          + s.location()
          + ") "
          + built
          + ", and "
          + s.module()
          + "'s sources have changed since";
    }
    return null;
  }

  private static String shortId(String commit) {
    return commit.length() > 12 ? commit.substring(0, 12) : commit;
  }
}
