package org.cnnbench.spi;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GPU support is read from the libraries an adapter's build listed, by file name only. */
class AdapterClasspathTest {

  private static URLClassLoader loaderWith(Path root, String adapter, String line)
      throws IOException {
    Path list = root.resolve("META-INF/cnn-bench/adapter-" + adapter + ".classpath");
    Files.createDirectories(list.getParent());
    Files.writeString(list, line + "\n");
    return new URLClassLoader(new URL[] {root.toUri().toURL()}, null);
  }

  @Test
  void findsACudaJarByItsFileName(@TempDir Path root) throws IOException {
    try (URLClassLoader loader =
        loaderWith(
            root,
            "pytorch",
            "/m2/ai/djl/api-0.33.0.jar:"
                + "/m2/ai/djl/pytorch/pytorch-native-cu124-2.5.1-linux-x86_64.jar")) {
      assertTrue(AdapterClasspath.lists(loader, "pytorch", "pytorch-native-cu"));
      assertFalse(AdapterClasspath.lists(loader, "pytorch", "nd4j-cuda-"));
    }
  }

  @Test
  void aFolderNamedLikeTheJarDoesNotCount(@TempDir Path root) throws IOException {
    try (URLClassLoader loader =
        loaderWith(root, "dl4j", "/opt/nd4j-cuda-notes/nd4j-native-1.0.0-M2.1-linux-x86_64.jar")) {
      assertFalse(AdapterClasspath.lists(loader, "dl4j", "nd4j-cuda-"));
      assertTrue(AdapterClasspath.lists(loader, "dl4j", "nd4j-native-"));
    }
  }

  @Test
  void aMissingListMeansNoGpu(@TempDir Path root) throws IOException {
    try (URLClassLoader loader = new URLClassLoader(new URL[] {root.toUri().toURL()}, null)) {
      assertFalse(AdapterClasspath.lists(loader, "tensorflow", "linux-x86_64-gpu"));
    }
  }
}
