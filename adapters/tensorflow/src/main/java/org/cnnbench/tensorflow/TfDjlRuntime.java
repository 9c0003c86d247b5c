package org.cnnbench.tensorflow;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.cnnbench.spi.AdapterClasspath;
import org.cnnbench.tensorflow.djl.TfDjlProtocol;

/**
 * What the DJL inference server's JVM needs: its class path (DJL and the TensorFlow 2.16.1 Java
 * bindings, copied by the build into a folder of their own) and where the TensorFlow 2.16.1 native
 * libraries come from: the {@code tensorflow-core-native} jar, which the harness unpacks into its
 * cache ({@link TfProvider#needs()}). Pure Java: it loads no native code into this process.
 */
final class TfDjlRuntime {

  /** System property: throw instead of falling back to TensorFlow Java when DJL inference fails. */
  static final String REQUIRE_DJL = "cnnbench.tensorflow.requireDjl";

  /** System property overriding the folder of the server's jars. */
  static final String DJL_DIR = "cnnbench.tensorflow.djlDir";

  private static final Properties INFO = load();

  private TfDjlRuntime() {}

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = TfDjlRuntime.class.getResourceAsStream("tensorflow-adapter.properties")) {
      if (in == null) {
        throw new IllegalStateException(
            "tensorflow-adapter.properties is missing from the adapter's"
                + " build; rebuild with 'mvn -DskipTests install' from the repository root");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  /**
   * @param key a key of {@code tensorflow-adapter.properties}
   * @return its value
   */
  static String info(String key) {
    String value = INFO.getProperty(key);
    if (value == null) {
      throw new IllegalStateException("tensorflow-adapter.properties has no " + key);
    }
    return value;
  }

  static boolean djlRequired() {
    return Boolean.getBoolean(REQUIRE_DJL);
  }

  static Path jarDir() {
    return Path.of(System.getProperty(DJL_DIR, info("djl.inference.dir")));
  }

  static Path nativeJar() {
    return jarDir().resolve(info("djl.native.jar"));
  }

  /**
   * @return null if the server's files are in place, else what is missing
   */
  static String problem() {
    Path dir = jarDir();
    if (!Files.isDirectory(dir)) {
      return "folder "
          + dir
          + " with DJL's TensorFlow engine does not exist; rebuild the adapter with"
          + " 'mvn -DskipTests install -pl adapters/tensorflow'";
    }
    if (!Files.isRegularFile(nativeJar())) {
      return "TensorFlow "
          + info("djl.tensorflow.version")
          + " natives "
          + nativeJar()
          + " are missing; rebuild the adapter";
    }
    try (Stream<Path> files = Files.list(dir)) {
      if (files.noneMatch(f -> f.getFileName().toString().startsWith("tensorflow-engine-"))) {
        return "DJL's tensorflow-engine jar is missing from " + dir + "; rebuild the adapter";
      }
    } catch (IOException e) {
      return "cannot list " + dir + ": " + e.getMessage();
    }
    return null;
  }

  /**
   * @return the server JVM's class path: this adapter's classes plus DJL's jars, natives excluded
   */
  static List<String> serverClasspath() throws IOException {
    List<String> entries = new ArrayList<>();
    entries.add(AdapterClasspath.location(TfDjlProtocol.class));
    String nativeName = nativeJar().getFileName().toString();
    try (Stream<Path> files = Files.list(jarDir())) {
      files
          .filter(f -> f.getFileName().toString().endsWith(".jar"))
          .filter(f -> !f.getFileName().toString().equals(nativeName))
          .sorted()
          .forEach(f -> entries.add(f.toAbsolutePath().toString()));
    }
    return entries;
  }

  /**
   * Deletes a folder and everything in it, quietly.
   *
   * @param dir the folder
   */
  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  // best effort
                }
              });
    } catch (IOException e) {
      // best effort
    }
  }
}
