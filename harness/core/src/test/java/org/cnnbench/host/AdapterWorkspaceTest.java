package org.cnnbench.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cnnbench.spi.Bundle;
import org.cnnbench.spi.Capability;
import org.cnnbench.spi.Device;
import org.cnnbench.spi.FrameworkContext;
import org.cnnbench.spi.FrameworkDescription;
import org.cnnbench.spi.FrameworkNeeds;
import org.cnnbench.spi.FrameworkProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness makes what a provider declares, and removes the scratch folder afterwards. */
class AdapterWorkspaceTest {

  @TempDir Path dir;

  /** A provider that only declares needs. */
  private record Needy(FrameworkNeeds needs) implements FrameworkProvider {
    @Override
    public String name() {
      return "needy";
    }

    @Override
    public String displayName() {
      return "Needy";
    }

    @Override
    public FrameworkDescription description() {
      return new FrameworkDescription("nothing: a test provider", "none", "Java");
    }

    @Override
    public Set<Capability> capabilities() {
      return Set.of();
    }

    @Override
    public Map<String, String> childSystemProperties(int threads) {
      return Map.of();
    }

    @Override
    public Map<String, String> childEnvironment(int threads) {
      return Map.of();
    }
  }

  @Test
  void aDiskScratchFolderIsMadeFreshAndRemovedWithEverythingInIt() throws IOException {
    Path scratch = dir.resolve("trials/t1.scratch");
    Files.createDirectories(scratch);
    Files.writeString(scratch.resolve("left-by-a-killed-trial"), "x");
    Needy p = new Needy(FrameworkNeeds.none().withScratch(FrameworkNeeds.Scratch.DISK));
    try (AdapterWorkspace w = AdapterWorkspace.create(p, scratch, dir.resolve("cache"))) {
      assertEquals(scratch.toAbsolutePath(), w.context().scratch());
      try (var s = Files.list(scratch)) {
        assertEquals(0, s.count(), "made empty");
      }
      Files.createDirectories(scratch.resolve("savedmodel-1/variables"));
      Files.writeString(scratch.resolve("savedmodel-1/variables/v"), "x");
    }
    assertFalse(Files.exists(scratch), "removed after the session");
  }

  @Test
  void aMemoryScratchFolderIsInDevShmWhereThereIsOne() {
    Needy p = new Needy(FrameworkNeeds.none().withScratch(FrameworkNeeds.Scratch.MEMORY));
    Path scratch;
    try (AdapterWorkspace w =
        AdapterWorkspace.create(p, dir.resolve("t1.scratch"), dir.resolve("cache"))) {
      scratch = w.context().scratch();
      assertTrue(Files.isDirectory(scratch));
      if (Files.isDirectory(AdapterWorkspace.MEMORY_ROOT)
          && Files.isWritable(AdapterWorkspace.MEMORY_ROOT)) {
        assertEquals(AdapterWorkspace.MEMORY_ROOT, scratch.getParent());
        assertTrue(scratch.getFileName().toString().endsWith("-t1.scratch"), scratch.toString());
      } else {
        assertEquals(dir.resolve("t1.scratch").toAbsolutePath(), scratch);
      }
    }
    assertFalse(Files.exists(scratch));
  }

  @Test
  void noNeedsGiveAnEmptyContextThatSaysWhatIsMissing() {
    Needy p = new Needy(FrameworkNeeds.none());
    try (AdapterWorkspace w = AdapterWorkspace.create(p, dir.resolve("s"), dir.resolve("cache"))) {
      assertNull(w.scratch());
      assertFalse(Files.exists(dir.resolve("s")), "no folder made when none is asked for");
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> w.context().scratch());
      assertTrue(e.getMessage().contains("needs()"), e.getMessage());
      e = assertThrows(IllegalStateException.class, () -> w.context().bundle("natives"));
      assertTrue(e.getMessage().contains("no bundle natives"), e.getMessage());
    }
  }

  @Test
  void aBundleWhoseJarIsNotBuiltIsMissingWithTheReasonAndAPresentOneIsUnpacked()
      throws IOException {
    Path lib = Files.createDirectories(dir.resolve("libs"));
    Files.writeString(lib.resolve("libx.so"), "x");
    Needy p =
        new Needy(
            FrameworkNeeds.none()
                .withBundle(new Bundle("absent", dir.resolve("not-built.jar"), "lib.*", List.of()))
                .withBundle(new Bundle("present", lib, "lib.*", List.of("libx.so"))));
    try (AdapterWorkspace w = AdapterWorkspace.create(p, dir.resolve("s"), dir.resolve("cache"))) {
      FrameworkContext c = w.context();
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.bundle("absent"));
      assertTrue(e.getMessage().contains("not-built.jar does not exist"), e.getMessage());
      assertEquals("x", Files.readString(c.bundle("present").resolve("libx.so")));
      assertEquals(dir.resolve("cache"), c.bundle("present").getParent());
    }
  }

  @Test
  void anAdapterThatNeedsAContextCannotBeOpenedWithout() {
    Needy p = new Needy(FrameworkNeeds.none());
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> p.open(Device.CPU, 1));
    assertTrue(e.getMessage().contains("needy"), e.getMessage());
    assertThrows(
        IllegalStateException.class,
        () -> p.open(Device.CPU, 1, FrameworkContext.empty()),
        "the context-taking open falls back to the two-argument one");
  }

  @Test
  void repeatedBundleNamesAreRefused() {
    Bundle b = new Bundle("n", dir, ".*", List.of());
    assertThrows(
        IllegalArgumentException.class, () -> FrameworkNeeds.none().withBundle(b).withBundle(b));
  }

  @Test
  void staleMemoryScratchOfAGoneProcessIsRemovedAndALiveOneKept() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Path stale =
        Files.createDirectories(dir.resolve("cnn-bench-" + gone.pid() + "-t1.scratch/worker-1"))
            .getParent();
    Path live =
        Files.createDirectories(
            dir.resolve("cnn-bench-" + ProcessHandle.current().pid() + "-t2.scratch"));
    Path other = Files.createDirectories(dir.resolve("cnn-bench-cache"));
    Path jmh =
        Files.createDirectories(
            dir.resolve("cnn-bench-jmh-" + gone.pid() + "-BenchState-1f.scratch"));
    assertEquals(Set.of(stale, jmh), Set.copyOf(AdapterWorkspace.removeStale(dir)));
    assertFalse(Files.exists(stale));
    assertTrue(Files.exists(live));
    assertTrue(Files.exists(other));
    assertEquals(
        List.of(live), AdapterWorkspace.remove(dir, pid -> pid == ProcessHandle.current().pid()));
    assertFalse(Files.exists(live));
  }
}
