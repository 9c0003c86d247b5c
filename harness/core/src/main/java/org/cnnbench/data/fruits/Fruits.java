package org.cnnbench.data.fruits;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.cnnbench.data.DataLocations;
import org.cnnbench.data.DatasetException;
import org.cnnbench.data.DatasetSplits;
import org.cnnbench.data.ExampleSource;
import org.cnnbench.spec.ModelSpec;
import org.cnnbench.spec.Shape;

/**
 * The fresh-vs-rotten fruit dataset as an ImageFolder (one sub-folder per class).
 *
 * <p>Where the data comes from, first match wins: option {@code fruits.dir} (must exist), with
 * optional {@code fruits.test.dir} as a separate test folder; {@code <datasets root>/fruits}; the
 * sample {@code <repository root>/../shared/datasets/fruits-sample} (repository root = the datasets
 * root's parent). With none, {@link #prepare} returns a skip reason saying how to get the Kaggle
 * dataset.
 *
 * <p>Options: {@code split.seed} (default 123), {@code augment} ({@code true} by default, training
 * only, see {@link RandomAffine#FRUITS}).
 *
 * <p>Labels: class index = position of the class folder name in sorted order. A model with one
 * sigmoid unit is binary and needs exactly two classes (for fresh/rotten: fresh = 0, rotten = 1);
 * otherwise the model's output units must equal the number of classes (categorical).
 */
public final class Fruits {

  /** The option naming the dataset folder. */
  public static final String DIR_OPTION = "fruits.dir";

  /** The option naming a separate test folder. */
  public static final String TEST_DIR_OPTION = "fruits.test.dir";

  /** The option with the split seed. */
  public static final String SEED_OPTION = "split.seed";

  /** The option that turns augmentation off ({@code augment=false}). */
  public static final String AUGMENT_OPTION = "augment";

  /** The default split seed. */
  public static final long DEFAULT_SEED = 123;

  private static final String HOW_TO_GET =
      "Download the Kaggle dataset 'Fruits fresh and rotten for"
          + " classification' (sriramr/fruits-fresh-and-rotten-for-classification,"
          + " https://www.kaggle.com/datasets/sriramr/fruits-fresh-and-rotten-for-classification), arrange"
          + " it as one sub-folder per class (for the binary fruit-cnn: fresh/ and rotten/, e.g. symbolic"
          + " links fresh/apples -> dataset/train/freshapples, ...) and run with -D"
          + DIR_OPTION
          + "=<that folder> (optionally -D"
          + TEST_DIR_OPTION
          + "=<its test folder>), or put it at ";

  private Fruits() {}

  /**
   * Where the fruit images are.
   *
   * @param dir the folder to split
   * @param testDir a separate test folder, or null
   * @param origin how it was found, for the notes
   */
  public record Location(Path dir, Path testDir, String origin) {}

  /**
   * @param locations where datasets live, and the options
   * @return the location, or null if no fruit dataset is present
   * @throws DatasetException if {@code fruits.dir} or {@code fruits.test.dir} is given but missing
   */
  public static Location locate(DataLocations locations) {
    String dirOption = locations.option(DIR_OPTION, null);
    String testOption = locations.option(TEST_DIR_OPTION, null);
    Path testDir = null;
    if (testOption != null && !testOption.isBlank()) {
      testDir = Path.of(testOption).toAbsolutePath().normalize();
      if (!Files.isDirectory(testDir)) {
        throw new DatasetException(
            "-D"
                + TEST_DIR_OPTION
                + "="
                + testOption
                + " is not a folder ("
                + testDir
                + "); expected a folder with the same class sub-folders as the dataset");
      }
    }
    if (dirOption != null && !dirOption.isBlank()) {
      Path dir = Path.of(dirOption).toAbsolutePath().normalize();
      if (!Files.isDirectory(dir)) {
        throw new DatasetException(
            "-D"
                + DIR_OPTION
                + "="
                + dirOption
                + " is not a folder ("
                + dir
                + "); expected a folder with one sub-folder per class (e.g. fresh/ and rotten/)");
      }
      return new Location(dir, testDir, "option " + DIR_OPTION);
    }
    Path inRoot = defaultDir(locations);
    if (Files.isDirectory(inRoot)) {
      return new Location(inRoot, testDir, "datasets folder");
    }
    Path sample = sampleDir(locations);
    if (sample != null && Files.isDirectory(sample)) {
      return new Location(sample, testDir, "shared sample (1,200 images, see its SOURCE.md)");
    }
    return null;
  }

  /**
   * Makes the fruit dataset ready: lists it and decodes every image once into the cache, for each
   * input size of the models that will train on it. Runs in the runner, outside timing.
   *
   * @param locations where datasets live, and the options
   * @param inputs the input shapes of the models that train on it
   * @return null when ready, otherwise the one-line reason its trials are skipped
   * @throws DatasetException if the data is present but unusable
   */
  public static String prepare(DataLocations locations, Collection<Shape> inputs) {
    Location where = locate(locations);
    if (where == null) {
      return skipReason(locations);
    }
    for (Shape shape : new LinkedHashSet<>(inputs)) {
      decoded(where, locations, shape);
    }
    return null;
  }

  /**
   * Loads the splits for a model, decoding into the cache first if {@link #prepare} did not.
   *
   * @param locations where datasets live, and the options
   * @param spec the model (input size, output units, validation split)
   * @param samples cap on training examples after the split, 0 for none
   * @return train (augmented per epoch unless {@code augment=false}), validation and test
   */
  public static DatasetSplits load(DataLocations locations, ModelSpec spec, int samples) {
    Loaded l = loadAll(locations, spec, samples);
    Path csv =
        l.cacheDir.resolve(
            "split-fruits-"
                + l.data.key().substring(0, 16)
                + "-seed"
                + l.seed
                + "-val"
                + spec.validationSplit()
                + "-samples"
                + samples
                + (l.test == null ? "" : "-test" + l.test.key().substring(0, 8))
                + ".csv");
    try {
      // Always rewritten (atomically): groups.csv or options may have changed the split.
      l.split.writeCsv(csv);
    } catch (IOException e) {
      throw new DatasetException("cannot write the split audit " + csv + ": " + e.getMessage(), e);
    }
    boolean augment = augment(locations);
    ExampleSource images = l.data.images();
    ExampleSource train = new IndexedSource(images, l.split.train());
    ExampleSource validation = new IndexedSource(images, l.split.validation());
    ExampleSource test =
        l.test == null ? validation : new IndexedSource(l.test.images(), l.split.test());
    Map<String, String> notes = notes(l, spec, samples, augment);
    notes.put("split_csv", csv.toString());
    return new DatasetSplits(
        train,
        validation,
        test,
        augment ? RandomAffine.FRUITS : DatasetSplits.Augmentation.NONE,
        notes);
  }

  /**
   * The split a trial of this model would use, for the audit: the runner writes {@code
   * split(...).writeCsv(results/<run-id>/split-fruits.csv)}.
   *
   * @param locations where datasets live, and the options
   * @param spec the model
   * @param samples cap on training examples after the split, 0 for none
   * @return the split with one row per file
   */
  public static FruitSplit split(DataLocations locations, ModelSpec spec, int samples) {
    return loadAll(locations, spec, samples).split;
  }

  private record Loaded(
      Location where,
      Path cacheDir,
      DecodeCache.Opened data,
      DecodeCache.Opened test,
      FruitSplit split,
      long seed) {}

  private static Loaded loadAll(DataLocations locations, ModelSpec spec, int samples) {
    Location where = locate(locations);
    if (where == null) {
      throw new DatasetException(skipReason(locations));
    }
    DecodeCache.Opened[] both = decoded(where, locations, spec.input());
    DecodeCache.Opened data = both[0];
    int k = data.classes().size();
    if (spec.outputUnits() == 1 && k != 2) {
      throw new DatasetException(
          "model '"
              + spec.name()
              + "' has one sigmoid output (binary) and"
              + " needs exactly 2 class folders, but "
              + where.dir()
              + " has "
              + k
              + ": "
              + data.classes()
              + ". Arrange the images in two sub-folders (e.g. fresh/ and rotten/)");
    }
    if (spec.outputUnits() > 1 && spec.outputUnits() != k) {
      throw new DatasetException(
          "model '"
              + spec.name()
              + "' has "
              + spec.outputUnits()
              + " output units but "
              + where.dir()
              + " has "
              + k
              + " class folders: "
              + data.classes());
    }
    long seed = seed(locations);
    FruitSplit split =
        FruitSplit.compute(
            data, GroupsCsv.read(where.dir()), spec.validationSplit(), seed, samples, both[1]);
    return new Loaded(where, cacheDir(locations), data, both[1], split, seed);
  }

  /**
   * @return {data, test or null}
   */
  private static DecodeCache.Opened[] decoded(
      Location where, DataLocations locations, Shape shape) {
    Path cacheDir = cacheDir(locations);
    ImageFolder folder = ImageFolder.scan(where.dir(), "fruit dataset folder");
    DecodeCache.Opened data = DecodeCache.ensure(folder, shape, cacheDir);
    requireImagesPerClass(data, where.dir());
    DecodeCache.Opened test = null;
    if (where.testDir() != null) {
      ImageFolder testFolder = ImageFolder.scan(where.testDir(), "fruit test folder");
      if (!testFolder.classes().equals(folder.classes())) {
        throw new DatasetException(
            "the test folder "
                + where.testDir()
                + " has classes "
                + testFolder.classes()
                + " but the dataset folder "
                + where.dir()
                + " has "
                + folder.classes()
                + "; expected the same class sub-folders");
      }
      test = DecodeCache.ensure(testFolder, shape, cacheDir);
      requireImagesPerClass(test, where.testDir());
    }
    return new DecodeCache.Opened[] {data, test};
  }

  private static void requireImagesPerClass(DecodeCache.Opened data, Path dir) {
    int[] used = new int[data.classes().size()];
    data.used().forEach(i -> used[i.classIndex()]++);
    for (int c = 0; c < used.length; c++) {
      if (used[c] == 0) {
        int classIndex = c;
        long skipped = data.skipped().stream().filter(i -> i.classIndex() == classIndex).count();
        throw new DatasetException(
            "class folder "
                + dir.resolve(data.classes().get(c))
                + " has no readable image (all "
                + skipped
                + " files were skipped); expected JPEG, PNG"
                + " or other images ImageIO reads in every class folder");
      }
    }
  }

  private static Map<String, String> notes(Loaded l, ModelSpec spec, int samples, boolean augment) {
    FruitSplit s = l.split;
    List<String> classes = s.classes();
    Map<String, String> notes = new LinkedHashMap<>();
    notes.put("source", l.where.dir() + " (" + l.where.origin() + ")");
    notes.put("classes", String.join(", ", classes));
    if (spec.outputUnits() == 1) {
      notes.put(
          "labels",
          "binary: "
              + classes.get(0)
              + " = 0, "
              + classes.get(1)
              + " = 1 (sorted"
              + " folder names; the sigmoid output is P("
              + classes.get(1)
              + "))");
    } else {
      StringBuilder sb = new StringBuilder("categorical: ");
      for (int c = 0; c < classes.size(); c++) {
        sb.append(c == 0 ? "" : ", ").append(classes.get(c)).append(" = ").append(c);
      }
      notes.put("labels", sb.append(" (sorted folder names)").toString());
    }
    Shape in = spec.input();
    notes.put(
        "preprocessing",
        ImageDecoder.COLOUR
            + "; resized to "
            + in.height()
            + "x"
            + in.width()
            + ": "
            + ImageDecoder.INTERPOLATION
            + "; uint8 C,H,W; pixels / 255");
    notes.put("interpolation", "bilinear");
    long resized =
        l.data.used().stream()
            .filter(i -> !i.detail().equals(in.width() + "x" + in.height()))
            .count();
    notes.put("resized_files", String.valueOf(resized));
    notes.put("train_examples", String.valueOf(s.train().length));
    notes.put("validation_examples", String.valueOf(s.validation().length));
    notes.put("test_examples", String.valueOf(s.test().length));
    notes.put("train_per_class", perClass(s.countPerClass("train")));
    notes.put("validation_per_class", perClass(s.countPerClass("validation")));
    notes.put(
        "test_per_class",
        perClass(s.separateTest() ? s.countPerClass("test") : s.countPerClass("validation")));
    String grouping =
        s.ungrouped() == l.data.used().size()
            ? "no groups.csv, each file its own group"
            : s.groupCount()
                + " groups from "
                + GroupsCsv.FILE_NAME
                + (s.ungrouped() > 0
                    ? " (" + s.ungrouped() + " files not in it, each its own group)"
                    : "");
    notes.put(
        "split",
        String.format(
            Locale.ROOT,
            "seeded stratified group-aware split, seed %d,"
                + " validation fraction %s per class; %s; every group on one side",
            l.seed,
            spec.validationSplit(),
            grouping));
    if (samples > 0) {
      notes.put(
          "samples",
          "training side capped at "
              + samples
              + " after the split (class-stratified,"
              + " seeded); the rest are 'train-unused' in the split CSV; "
              + s.countPerClass(FruitSplit.UNUSED).values().stream()
                  .mapToInt(Integer::intValue)
                  .sum()
              + " left out");
    }
    notes.put(
        "test_set",
        s.separateTest()
            ? "separate test folder " + l.where.testDir() + " (option " + TEST_DIR_OPTION + ")"
            : "no separate test set (as in the talk's Python version): the validation set is also the"
                + " test set, so test metrics are not independent of validation");
    List<DecodeCache.Item> skipped = l.data.skipped();
    List<DecodeCache.Item> skippedTest = l.test == null ? List.of() : l.test.skipped();
    notes.put("skipped_files", String.valueOf(skipped.size() + skippedTest.size()));
    if (!skipped.isEmpty() || !skippedTest.isEmpty()) {
      String list =
          Stream.concat(skipped.stream(), skippedTest.stream())
              .limit(20)
              .map(i -> i.relative() + " (" + i.detail() + ")")
              .collect(Collectors.joining("; "));
      int more = skipped.size() + skippedTest.size() - 20;
      notes.put("skipped_list", list + (more > 0 ? "; and " + more + " more, see split_csv" : ""));
    }
    notes.put(
        "augmentation",
        augment
            ? "on (training only): " + RandomAffine.FRUITS.describe()
            : "off (option " + AUGMENT_OPTION + "=false)");
    notes.put("cache", l.data.file() + (l.test == null ? "" : ", " + l.test.file()));
    notes.put("cache_build", DecodeCache.buildRecord(l.data.file()));
    return notes;
  }

  private static String perClass(Map<String, Integer> counts) {
    return counts.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(", "));
  }

  private static long seed(DataLocations locations) {
    String v = locations.option(SEED_OPTION, String.valueOf(DEFAULT_SEED));
    try {
      return Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      throw new DatasetException("-D" + SEED_OPTION + "=" + v + " is not an integer");
    }
  }

  private static boolean augment(DataLocations locations) {
    String v = locations.option(AUGMENT_OPTION, "true").strip().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "true", "on", "yes", "1" -> true;
      case "false", "off", "no", "0" -> false;
      default ->
          throw new DatasetException("-D" + AUGMENT_OPTION + "=" + v + ": expected true or false");
    };
  }

  /**
   * @param locations where datasets live
   * @return {@code <datasets root>/cache}
   */
  public static Path cacheDir(DataLocations locations) {
    return locations.root().toAbsolutePath().normalize().resolve("cache");
  }

  private static Path defaultDir(DataLocations locations) {
    return locations.root().toAbsolutePath().normalize().resolve("fruits");
  }

  private static Path sampleDir(DataLocations locations) {
    Path repo = locations.root().toAbsolutePath().normalize().getParent();
    return repo == null ? null : repo.resolve("../shared/datasets/fruits-sample").normalize();
  }

  private static String skipReason(DataLocations locations) {
    Path sample = sampleDir(locations);
    return "no fruit dataset: -D"
        + DIR_OPTION
        + "= not given, and neither "
        + defaultDir(locations)
        + (sample == null ? "" : " nor " + sample)
        + " exists. "
        + HOW_TO_GET
        + defaultDir(locations);
  }
}
