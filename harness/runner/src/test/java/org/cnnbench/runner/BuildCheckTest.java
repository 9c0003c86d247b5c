package org.cnnbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.cnnbench.spi.BuildStamp;
import org.cnnbench.spi.FrameworkProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two checkouts of one repository: a build from the other one is refused before any trial. */
class BuildCheckTest {

  @TempDir Path tmp;

  static String git(Path dir, String... args) throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "git",
                "-c",
                "user.name=test",
                "-c",
                "user.email=test@example.org",
                "-c",
                "init.defaultBranch=main",
                "-C",
                dir.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertEquals(0, p.waitFor(), () -> String.join(" ", cmd) + ": " + out);
    return out;
  }

  /** A checkout with one module, adapters/x, committed. */
  private Path checkout(String name) throws Exception {
    Path root = tmp.resolve(name);
    Path module = root.resolve("adapters/x");
    Files.createDirectories(module.resolve("src/main/java"));
    Files.writeString(module.resolve("pom.xml"), "<project/>\n");
    Files.writeString(module.resolve("src/main/java/X.java"), "class X {}\n");
    git(root, "init", "-q");
    git(root, "add", "-A");
    git(root, "commit", "-q", "-m", "one");
    return root;
  }

  /** What the build does: writes the stamp into the module's classes folder. */
  private static Path build(Path root) throws IOException {
    Path classes = root.resolve("adapters/x/target/classes");
    BuildStamp.main(
        new String[] {
          root.toString(),
          root.resolve("adapters/x").toString(),
          "cnn-bench-x",
          "jar",
          classes.toString()
        });
    return classes;
  }

  private static Path jar(Path classes, Path jar) throws IOException {
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
        out.write(Files.readAllBytes(f));
        out.closeEntry();
      }
    }
    return jar;
  }

  @Test
  void aBuildFromAnotherCheckoutIsRefusedAndOneFromThisCheckoutPasses() throws Exception {
    Path a = checkout("a");
    Path b = tmp.resolve("b");
    git(tmp, "clone", "-q", a.toString(), b.toString());
    Files.writeString(b.resolve("adapters/x/src/main/java/X.java"), "class X { int changed; }\n");
    git(b, "commit", "-q", "-am", "two");
    String headA = git(a, "rev-parse", "HEAD");
    String headB = git(b, "rev-parse", "HEAD");
    // B installs last: its jar is what the shared local repository holds.
    Path jarB = jar(build(b), tmp.resolve("cnn-bench-x-b.jar"));

    List<String> problems = BuildCheck.problems(a, Map.of("x", List.of(jarB)));
    assertEquals(1, problems.size(), problems::toString);
    String p = problems.get(0);
    assertTrue(
        p.contains("built from commit " + headB.substring(0, 12))
            && p.contains(" in " + b)
            && p.contains("this checkout is at commit " + headA.substring(0, 12)),
        p);
    BuildCheck.MismatchException e =
        assertThrows(
            BuildCheck.MismatchException.class,
            () -> BuildCheck.verifyEntries(a, Map.of("x", List.of(jarB))));
    assertTrue(
        e.getMessage().endsWith("rebuild with 'mvn -DskipTests install' in " + a), e.getMessage());

    Path classesA = build(a);
    assertEquals(List.of(), BuildCheck.problems(a, Map.of("x", List.of(classesA))));
    assertEquals(
        List.of(),
        BuildCheck.problems(a, Map.of("x", List.of(jar(classesA, tmp.resolve("a.jar"))))));
  }

  @Test
  void sourcesChangedAfterTheBuildAreRefused() throws Exception {
    Path a = checkout("a");
    Path classes = build(a);
    Files.writeString(a.resolve("adapters/x/src/main/java/X.java"), "class X { int edited; }\n");
    List<String> problems = BuildCheck.problems(a, Map.of("x", List.of(classes)));
    assertEquals(1, problems.size(), problems::toString);
    assertTrue(
        problems.get(0).contains("adapters/x's sources have changed since"), problems.get(0));
    // Rebuilding the dirty tree records it as dirty and passes.
    build(a);
    assertEquals(List.of(), BuildCheck.problems(a, Map.of("x", List.of(classes))));
    assertTrue(BuildStamp.read(classes).get(0).dirty());
  }

  @Test
  void anAdapterWithoutAStampIsRefused() throws Exception {
    Path a = checkout("a");
    Path bare = Files.createDirectories(tmp.resolve("bare"));
    List<String> problems = BuildCheck.problems(a, Map.of("x", List.of(bare)));
    assertEquals(1, problems.size(), problems::toString);
    assertTrue(problems.get(0).contains("has no build stamp"), problems.get(0));
  }

  @Test
  void environmentRecordsEachAdapterBuild() throws Exception {
    Path a = checkout("a");
    Path classes = build(a);
    FrameworkProvider x =
        new TestAdapters.Fake() {
          @Override
          public String name() {
            return "x";
          }

          @Override
          public List<String> childClasspath() {
            return List.of(classes.toString());
          }
        };
    Map<String, String> env = BuildCheck.describe(Map.of("x", x));
    assertEquals(git(a, "rev-parse", "HEAD"), env.get("framework.x.build.commit"));
    assertEquals("false", env.get("framework.x.build.dirty"));
    assertEquals(classes.toString(), env.get("framework.x.build.location"));
    assertEquals(
        BuildStamp.sourcesSha256(a.resolve("adapters/x")),
        env.get("framework.x.build.sources_sha256"));
  }

  @Test
  void theRunStopsBeforeAnyTrialWithTheStaleBuildExitCode() throws Exception {
    Path a = checkout("a");
    Path b = tmp.resolve("b");
    git(tmp, "clone", "-q", a.toString(), b.toString());
    Files.writeString(b.resolve("adapters/x/pom.xml"), "<project><!-- b --></project>\n");
    git(b, "commit", "-q", "-am", "b");
    Path classesB = build(b);
    Properties p = new Properties();
    p.setProperty("bench", "mnist");
    p.setProperty("frameworks", "fake");
    p.setProperty("results.dir", tmp.resolve("results").toString());
    p.setProperty("reports.dir", tmp.resolve("reports").toString());
    Map<String, FrameworkProvider> providers = new LinkedHashMap<>();
    providers.put("fake", new TestAdapters.Fake());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        BenchMain.run(
            p,
            providers,
            tmp,
            (d, l) -> null,
            (root, selected) -> BuildCheck.verifyEntries(a, Map.of("fake", List.of(classesB))),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(ExitCode.STALE_BUILD.code(), code);
    List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
    String last = lines.get(lines.size() - 1);
    assertTrue(
        last.startsWith("cnn-bench: fake: cnn-bench-x (" + classesB + ") was built from commit")
            && last.endsWith("rebuild with 'mvn -DskipTests install' in " + a),
        last);
    try (Stream<Path> runs = Files.list(tmp.resolve("results"))) {
      assertFalse(runs.findAny().isPresent(), "no run folder, no trial");
    }
  }
}
