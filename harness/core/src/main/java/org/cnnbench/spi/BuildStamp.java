package org.cnnbench.spi;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The build stamp of a cnn-bench module: the commit, dirty state and source hash its classes were
 * built from, written into {@code META-INF/cnn-bench/build-ARTIFACT.properties} by every module's
 * build (the build runs this file with {@code java BuildStamp.java}, so it uses nothing but the
 * JDK).
 *
 * @param artifact the module's artifact id
 * @param module the module's folder relative to the checkout root, e.g. {@code adapters/dl4j}
 * @param commit {@code git rev-parse HEAD} at build time, or {@code unknown}
 * @param dirty whether {@code git status --porcelain} listed anything at build time
 * @param sourcesSha256 {@link #sourcesSha256(Path)} of the module at build time
 * @param checkout the checkout root the build ran in
 * @param location the jar or folder the stamp was read from
 */
public record BuildStamp(
    String artifact,
    String module,
    String commit,
    boolean dirty,
    String sourcesSha256,
    String checkout,
    String location) {

  /** Folder of the stamps inside a jar or classes folder. */
  public static final String FOLDER = "META-INF/cnn-bench/";

  /**
   * Writes a module's stamp; called by the build.
   *
   * @param args checkout root, module folder, artifact id, packaging, output classes folder
   * @throws IOException if the stamp cannot be written
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 5) {
      throw new IllegalArgumentException(
          "usage: BuildStamp ROOT MODULE_DIR ARTIFACT PACKAGING CLASSES_DIR");
    }
    if (args[3].equals("pom")) {
      return;
    }
    Path root = Path.of(args[0]).toAbsolutePath().normalize();
    Path module = Path.of(args[1]).toAbsolutePath().normalize();
    Map<String, String> p = new LinkedHashMap<>();
    p.put("artifact", args[2]);
    p.put("module", root.relativize(module).toString().replace('\\', '/'));
    p.put("git.commit", git(root, "rev-parse", "HEAD"));
    String status = git(root, "status", "--porcelain");
    p.put("git.dirty", status.equals("unknown") ? "unknown" : String.valueOf(!status.isEmpty()));
    p.put("sources.sha256", sourcesSha256(module));
    p.put("checkout", root.toString());
    Path out = Path.of(args[4]).resolve(FOLDER + "build-" + args[2] + ".properties");
    Files.createDirectories(out.getParent());
    // Written by hand, without Properties' date comment, so that the same sources give the same
    // stamp.
    try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      w.write("# written by the build: the code these classes were compiled from\n");
      for (Map.Entry<String, String> e : p.entrySet()) {
        w.write(e.getKey() + "=" + e.getValue().replace("\\", "\\\\") + "\n");
      }
    }
  }

  /**
   * A hash of what a module's classes are built from: its {@code pom.xml} and every file under
   * {@code src/main}, in path order, each hashed with its relative path.
   *
   * @param module the module folder
   * @return hex SHA-256
   * @throws IOException if a file cannot be read
   */
  public static String sourcesSha256(Path module) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    List<Path> files = new ArrayList<>();
    if (Files.isRegularFile(module.resolve("pom.xml"))) {
      files.add(module.resolve("pom.xml"));
    }
    Path main = module.resolve("src/main");
    if (Files.isDirectory(main)) {
      try (Stream<Path> s = Files.walk(main)) {
        s.filter(Files::isRegularFile).sorted().forEach(files::add);
      }
    }
    for (Path f : files) {
      digest.update(
          module.relativize(f).toString().replace('\\', '/').getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
      digest.update(Files.readAllBytes(f));
      digest.update((byte) 0);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /**
   * Reads the stamps in a class path entry.
   *
   * @param entry a jar or classes folder
   * @return its stamps, empty if it has none
   * @throws IOException if the entry cannot be read
   */
  public static List<BuildStamp> read(Path entry) throws IOException {
    List<BuildStamp> out = new ArrayList<>();
    if (Files.isDirectory(entry)) {
      Path folder = entry.resolve(FOLDER);
      if (Files.isDirectory(folder)) {
        try (Stream<Path> s = Files.list(folder)) {
          for (Path f : s.sorted().toList()) {
            if (isStamp(f.getFileName().toString())) {
              try (InputStream in = Files.newInputStream(f)) {
                out.add(of(in, entry));
              }
            }
          }
        }
      }
    } else if (Files.isRegularFile(entry) && entry.toString().endsWith(".jar")) {
      try (JarFile jar = new JarFile(entry.toFile())) {
        for (var e : Collections.list(jar.entries())) {
          if (e.getName().startsWith(FOLDER) && isStamp(e.getName().substring(FOLDER.length()))) {
            try (InputStream in = jar.getInputStream(e)) {
              out.add(of(in, entry));
            }
          }
        }
      }
    }
    return out;
  }

  /**
   * @return the stamp as key-value pairs, for an environment record
   */
  public Map<String, String> fields() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("commit", commit);
    m.put("dirty", String.valueOf(dirty));
    m.put("sources_sha256", sourcesSha256);
    m.put("checkout", checkout);
    m.put("location", location);
    return m;
  }

  private static boolean isStamp(String name) {
    return name.startsWith("build-") && name.endsWith(".properties") && !name.contains("/");
  }

  private static BuildStamp of(InputStream in, Path entry) throws IOException {
    Properties p = new Properties();
    p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    return new BuildStamp(
        p.getProperty("artifact", "?"),
        p.getProperty("module", ""),
        p.getProperty("git.commit", "unknown"),
        Boolean.parseBoolean(p.getProperty("git.dirty", "false")),
        p.getProperty("sources.sha256", ""),
        p.getProperty("checkout", ""),
        entry.toString());
  }

  /**
   * Runs git in a checkout.
   *
   * @param root the checkout
   * @param args git's arguments
   * @return its trimmed output, or {@code unknown} if git failed or is missing
   */
  public static String git(Path root, String... args) {
    try {
      List<String> cmd = new ArrayList<>(List.of("git", "-C", root.toString()));
      cmd.addAll(List.of(args));
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return "unknown";
      }
      return out;
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }
}
