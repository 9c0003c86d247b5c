package org.cnnbench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Counts the non-blank lines of each adapter module's {@code src/main/java} (and {@code src/main/python}
 * for a worker-process adapter), at report time.
 */
final class AdapterCode {

  private static final Pattern JAR = Pattern.compile("cnn-bench-(.+?)-\\d[^ ]*\\.jar");

  private AdapterCode() {}

  /**
   * One adapter module's size.
   *
   * @param module folder name under {@code adapters/}
   * @param lines non-blank lines of its Java sources
   */
  record Module(String module, long lines) {}

  /**
   * Finds the repository: the given root, else the first parent of the run folder holding
   * {@code adapters/} and {@code pom.xml}.
   *
   * @return the root, or null when none is found
   */
  static Path repository(Path given, Path runDir) {
    if (given != null) {
      return Files.isDirectory(given.resolve("adapters")) ? given : null;
    }
    for (Path p = runDir.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("adapters")) && Files.isRegularFile(p.resolve("pom.xml"))) {
        return p;
      }
    }
    return null;
  }

  /**
   * @param repository repository root, or null
   * @param framework adapter name, e.g. {@code pytorch}
   * @param artifacts the {@code framework.<name>.artifacts} value (jar file names), may be empty
   * @return the adapter modules the framework uses, with their sizes; empty when not determinable
   */
  static List<Module> modules(Path repository, String framework, String artifacts) {
    List<Module> out = new ArrayList<>();
    if (repository == null) {
      return out;
    }
    Map<String, Path> candidates = new LinkedHashMap<>();
    Matcher m = JAR.matcher(artifacts);
    while (m.find()) {
      Path dir = repository.resolve("adapters").resolve(m.group(1));
      if (Files.isDirectory(dir.resolve("src/main/java"))) {
        candidates.put(m.group(1), dir);
      }
    }
    if (candidates.isEmpty() && Files.isDirectory(repository.resolve("adapters").resolve(framework)
        .resolve("src/main/java"))) {
      candidates.put(framework, repository.resolve("adapters").resolve(framework));
    }
    // a worker-process adapter's network code is its src/main/python (Python PyTorch's worker)
    candidates.forEach((name, dir) -> out.add(new Module(name, lines(dir.resolve("src/main/java"), ".java")
        + (Files.isDirectory(dir.resolve("src/main/python")) ? lines(dir.resolve("src/main/python"), ".py") : 0))));
    return out;
  }

  private static long lines(Path sources, String suffix) {
    try (Stream<Path> files = Files.walk(sources)) {
      return files.filter(f -> f.toString().endsWith(suffix)).mapToLong(f -> {
        try {
          return Files.readAllLines(f, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).count();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).sum();
    } catch (IOException e) {
      return 0;
    }
  }
}
