package org.cnnbench.data.fashion;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.cnnbench.data.ByteImages;
import org.cnnbench.data.DatasetException;
import org.cnnbench.data.DatasetSplits;
import org.cnnbench.data.Idx;
import org.cnnbench.data.Sha256;
import org.cnnbench.data.Subset;
import org.cnnbench.process.ChildProcess;
import org.cnnbench.process.ChildResult;
import org.cnnbench.process.ChildSpec;
import org.cnnbench.process.ExitReason;
import org.cnnbench.process.Output;
import org.cnnbench.process.Signals;

/**
 * Fashion-MNIST (Zalando, 28x28 grey, 10 classes) from its four IDX files in {@code
 * datasets/fashion-mnist}, obtained when missing with {@code apt-get download
 * dataset-fashion-mnist} (no root needed) and {@code dpkg-deb -x}, and always checked against known
 * SHA-256 values of both the gzipped files the package ships and the uncompressed files.
 */
public final class FashionMnist {

  /** The Debian package that ships the gzipped IDX files under {@link #PACKAGE_DIR}. */
  public static final String DEB_PACKAGE = "dataset-fashion-mnist";

  /** Where the package puts the files. */
  public static final String PACKAGE_DIR = "usr/share/datasets/fashion-mnist";

  /**
   * The name of the file, written at fetch time, that records which package the files came from.
   */
  public static final String SOURCE_FILE = "SOURCE.txt";

  /** Uncompressed file name to SHA-256. */
  public static final Map<String, String> FILES =
      Map.of(
          "train-images-idx3-ubyte",
              "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
          "train-labels-idx1-ubyte",
              "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
          "t10k-images-idx3-ubyte",
              "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
          "t10k-labels-idx1-ubyte",
              "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34");

  /** Gzipped file name (as shipped by the package and by Zalando) to SHA-256. */
  public static final Map<String, String> GZ_FILES =
      Map.of(
          "train-images-idx3-ubyte.gz",
              "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7",
          "train-labels-idx1-ubyte.gz",
              "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056",
          "t10k-images-idx3-ubyte.gz",
              "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa",
          "t10k-labels-idx1-ubyte.gz",
              "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05");

  /** Class index to name, as in Zalando's README. */
  public static final List<String> CLASSES =
      List.of(
          "T-shirt/top",
          "Trouser",
          "Pullover",
          "Dress",
          "Coat",
          "Sandal",
          "Shirt",
          "Sneaker",
          "Bag",
          "Ankle boot");

  private static final String HOW_TO_FIX =
      "Delete the folder and run again to fetch the files with"
          + " 'apt-get download "
          + DEB_PACKAGE
          + "' (needs a Debian or Ubuntu apt with access to its"
          + " package archive; no root), or place the four original IDX files (train-images-idx3-ubyte,"
          + " train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte; uncompressed, or"
          + " the four .gz files as published) in it by hand.";

  private FashionMnist() {}

  /**
   * Makes sure the four files are present and intact: decompresses verified {@code .gz} files
   * placed there by hand, otherwise fetches the Debian package if any file is missing.
   *
   * @param dir the folder, e.g. {@code datasets/fashion-mnist}
   * @param aptGet the apt-get command
   * @param dpkgDeb the dpkg-deb command
   * @throws DatasetException saying what was expected and how to fix it
   */
  public static void ensure(Path dir, String aptGet, String dpkgDeb) {
    boolean complete = FILES.keySet().stream().allMatch(f -> Files.isRegularFile(dir.resolve(f)));
    if (!complete) {
      boolean gzipped =
          GZ_FILES.keySet().stream().allMatch(f -> Files.isRegularFile(dir.resolve(f)));
      if (gzipped) {
        install(dir, dir, "files placed by hand in " + dir);
      } else {
        fetch(dir, aptGet, dpkgDeb);
      }
    }
    verify(dir, FILES);
  }

  /**
   * Checks the SHA-256 of every file.
   *
   * @param dir the folder
   * @param expected file name to SHA-256
   * @throws DatasetException naming the first file that is missing or differs
   */
  static void verify(Path dir, Map<String, String> expected) {
    for (Map.Entry<String, String> e : new TreeMap<>(expected).entrySet()) {
      Path file = dir.resolve(e.getKey());
      if (!Files.isRegularFile(file)) {
        throw new DatasetException("missing Fashion-MNIST file " + file + ". " + HOW_TO_FIX);
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
                + " (the original Fashion-MNIST file). "
                + HOW_TO_FIX);
      }
    }
  }

  /**
   * Keras' {@code validation_split}: the last fraction of the (capped) training set is the
   * validation set, as for MNIST.
   *
   * @param dir the folder, verified
   * @param validationSplit fraction kept for validation
   * @param samples cap on training examples before the split, 0 for all
   * @return train, validation and test, with notes saying where the files came from
   */
  public static DatasetSplits splits(Path dir, double validationSplit, int samples) {
    ByteImages all =
        Idx.read(
            dir.resolve("train-images-idx3-ubyte"),
            dir.resolve("train-labels-idx1-ubyte"),
            HOW_TO_FIX);
    ByteImages test =
        Idx.read(
            dir.resolve("t10k-images-idx3-ubyte"),
            dir.resolve("t10k-labels-idx1-ubyte"),
            HOW_TO_FIX);
    int n = samples > 0 ? Math.min(samples, all.size()) : all.size();
    int trainCount = (int) Math.floor(n * (1 - validationSplit));
    Map<String, String> notes = new LinkedHashMap<>();
    notes.put(
        "source",
        "Fashion-MNIST IDX files from Debian package "
            + DEB_PACKAGE
            + " ("
            + origin(dir)
            + "), SHA-256 verified (train-images-idx3-ubyte "
            + FILES.get("train-images-idx3-ubyte").substring(0, 16)
            + "...)");
    notes.put("classes", String.join(", ", CLASSES));
    notes.put("preprocessing", "grey 28x28, pixels / 255");
    notes.put("train_examples", String.valueOf(trainCount));
    notes.put("validation_examples", String.valueOf(n - trainCount));
    notes.put("test_examples", String.valueOf(test.size()));
    notes.put(
        "split",
        "Keras validation_split: last "
            + (n - trainCount)
            + " of the first "
            + n
            + " training examples");
    return new DatasetSplits(
        new Subset(all, 0, trainCount), new Subset(all, trainCount, n), test, notes);
  }

  private static String origin(Path dir) {
    Path source = dir.resolve(SOURCE_FILE);
    try {
      return Files.isRegularFile(source)
          ? Files.readString(source, StandardCharsets.UTF_8).strip()
          : "placed by hand";
    } catch (IOException e) {
      return "placed by hand";
    }
  }

  private static void fetch(Path dir, String aptGet, String dpkgDeb) {
    Path work = null;
    try {
      Files.createDirectories(dir);
      work = Files.createTempDirectory(dir.toAbsolutePath().getParent(), ".fashion-mnist-fetch-");
      String output;
      try {
        output = run(List.of(aptGet, "download", DEB_PACKAGE), work);
      } catch (IOException e) {
        throw new DatasetException(
            "Fashion-MNIST is missing in "
                + dir
                + " and apt-get could not be"
                + " started ("
                + e.getMessage()
                + "). On Debian or Ubuntu, 'apt-get download "
                + DEB_PACKAGE
                + "' needs no root; elsewhere, place the four Fashion-MNIST IDX files (uncompressed or"
                + " .gz) in "
                + dir
                + " by hand.",
            e);
      }
      if (output != null) {
        throw new DatasetException(
            "'apt-get download "
                + DEB_PACKAGE
                + "' failed in "
                + work
                + ": "
                + output.strip()
                + ". Check that apt knows the package (e.g. 'apt-get update', a Debian"
                + " 11+ or Ubuntu 20.10+ archive) and can reach its archive, or place the four"
                + " Fashion-MNIST IDX files (uncompressed or .gz) in "
                + dir
                + " by hand.");
      }
      Path deb;
      try (Stream<Path> files = Files.list(work)) {
        deb =
            files.filter(f -> f.getFileName().toString().endsWith(".deb")).findFirst().orElse(null);
      }
      if (deb == null) {
        throw new DatasetException(
            "'apt-get download "
                + DEB_PACKAGE
                + "' produced no .deb file in "
                + work
                + ". Place the four Fashion-MNIST IDX files in "
                + dir
                + " by hand.");
      }
      String debSha = Sha256.of(deb);
      Path unpacked = work.resolve("unpacked");
      Files.createDirectories(unpacked);
      unpack(deb, unpacked, dpkgDeb, dir);
      install(unpacked.resolve(PACKAGE_DIR), dir, deb.getFileName() + ", SHA-256 " + debSha);
    } catch (IOException e) {
      throw new DatasetException(
          "fetching Fashion-MNIST into " + dir + " failed: " + e.getMessage() + ". " + HOW_TO_FIX,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DatasetException("interrupted while fetching Fashion-MNIST", e);
    } finally {
      deleteRecursively(work);
    }
  }

  /** dpkg-deb -x, or ar + tar where dpkg-deb is missing. */
  private static void unpack(Path deb, Path into, String dpkgDeb, Path dir)
      throws IOException, InterruptedException {
    String failed;
    try {
      failed = run(List.of(dpkgDeb, "-x", deb.toString(), into.toString()), into);
    } catch (IOException noDpkg) {
      try {
        failed = run(List.of("ar", "x", deb.toString()), into);
        if (failed == null) {
          Path data;
          try (Stream<Path> files = Files.list(into)) {
            data =
                files
                    .filter(f -> f.getFileName().toString().startsWith("data.tar"))
                    .findFirst()
                    .orElse(null);
          }
          failed =
              data == null
                  ? "no data.tar.* member in " + deb
                  : run(List.of("tar", "-xf", data.toString(), "-C", into.toString()), into);
        }
      } catch (IOException noAr) {
        throw new DatasetException(
            "cannot unpack "
                + deb
                + ": neither dpkg-deb ("
                + noDpkg.getMessage()
                + ") nor ar ("
                + noAr.getMessage()
                + ") could be started. Install dpkg or binutils, or"
                + " place the four Fashion-MNIST IDX files (uncompressed or .gz) in "
                + dir
                + " by hand.",
            noAr);
      }
    }
    if (failed != null) {
      throw new DatasetException(
          "unpacking "
              + deb
              + " failed: "
              + failed.strip()
              + ". Place the four"
              + " Fashion-MNIST IDX files (uncompressed or .gz) in "
              + dir
              + " by hand.");
    }
  }

  /**
   * Verifies the four .gz files in {@code from}, decompresses them next to {@code dir}, verifies
   * the results and only then moves them into place, so nothing unverified is ever left as if
   * valid.
   */
  private static void install(Path from, Path dir, String origin) {
    verify(from, GZ_FILES);
    try {
      Files.createDirectories(dir);
      for (String gz : GZ_FILES.keySet()) {
        String name = gz.substring(0, gz.length() - ".gz".length());
        Path part = dir.resolve(name + ".part");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(from.resolve(gz)))) {
          Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
        }
        String actual = Sha256.of(part);
        if (!actual.equals(FILES.get(name))) {
          Files.deleteIfExists(part);
          throw new DatasetException(
              "checksum mismatch for "
                  + from.resolve(gz)
                  + " decompressed:"
                  + " SHA-256 "
                  + actual
                  + ", expected "
                  + FILES.get(name)
                  + ". "
                  + HOW_TO_FIX);
        }
      }
      for (String name : FILES.keySet()) {
        Files.move(
            dir.resolve(name + ".part"),
            dir.resolve(name),
            StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      }
      Files.writeString(
          dir.resolve(SOURCE_FILE), origin + System.lineSeparator(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new DatasetException(
          "installing Fashion-MNIST into " + dir + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * @return null on success, else the command's output (its exit status appended)
   */
  private static String run(List<String> command, Path in)
      throws IOException, InterruptedException {
    ChildResult r =
        ChildProcess.capture(
            ChildSpec.builder()
                .setCommand(command)
                .optWorkingDirectory(in)
                .optStderr(Output.MERGE)
                .optTimeout(Duration.ofMinutes(10))
                .build());
    if (r.reason() == ExitReason.FAILED_TO_START) {
      throw new IOException(r.detail());
    }
    String output = r.output();
    if (r.reason().timedOut()) {
      return output + " (timed out after 10 minutes)";
    }
    return r.exitCode() == 0
        ? null
        : output + " (exit status " + r.exitCode() + Signals.note(r.exitCode()) + ")";
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
