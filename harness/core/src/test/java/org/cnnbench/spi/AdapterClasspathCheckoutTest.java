package org.cnnbench.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trial's class path comes from the checkout's own build output, not from the jar the runner
 * loaded.
 */
class AdapterClasspathCheckoutTest {

  private final String saved = System.getProperty("cnnbench.root");

  @AfterEach
  void restore() {
    if (saved == null) {
      System.clearProperty("cnnbench.root");
    } else {
      System.setProperty("cnnbench.root", saved);
    }
  }

  /**
   * An adapter named {@code zz} whose classes the runner loaded from somewhere else (the test
   * classes).
   */
  static final class Zz implements FrameworkProvider {
    @Override
    public String name() {
      return "zz";
    }

    @Override
    public String displayName() {
      return "zz";
    }

    @Override
    public FrameworkDescription description() {
      return new FrameworkDescription("a test adapter", "none", "Java");
    }

    @Override
    public Set<Capability> capabilities() {
      return AdapterClasspath.trainingCapabilities(this, "zz-native-cu");
    }

    @Override
    public Map<String, String> childSystemProperties(int threads) {
      return Map.of();
    }

    @Override
    public Map<String, String> childEnvironment(int threads) {
      return Map.of();
    }

    @Override
    public FrameworkSession open(Device device, int threads) {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  void theCheckoutsClassesFolderAndLibraryListWin(@TempDir Path checkout) throws Exception {
    Path lib = Files.writeString(checkout.resolve("zz-native-cu12-1.0.jar"), "not a real jar");
    Path classes = checkout.resolve("adapters/zz-module/target/classes");
    Path list = classes.resolve("META-INF/cnn-bench/adapter-zz.classpath");
    Files.createDirectories(list.getParent());
    Files.writeString(list, lib + "\n");
    System.setProperty("cnnbench.root", checkout.toString());

    Zz zz = new Zz();
    assertEquals(classes, AdapterClasspath.checkoutClasses("zz"));
    assertEquals(List.of(classes.toString(), lib.toString()), AdapterClasspath.of(zz));
    assertTrue(
        zz.hasCapability(Capability.DEVICE_GPU), "capabilities read from the checkout's list");
  }

  @Test
  void withoutACheckoutBuildTheLoadedJarIsUsed(@TempDir Path checkout) {
    System.setProperty("cnnbench.root", checkout.toString());
    assertEquals(null, AdapterClasspath.checkoutClasses("zz"));
    assertFalse(new Zz().hasCapability(Capability.DEVICE_GPU));
  }
}
