package org.cnnbench.data.fruits;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A seeded, stratified, group-aware train/validation split of a decoded ImageFolder, with an
 * optional separate test folder, that can be written out row by row for auditing.
 *
 * <p>Algorithm: every used file belongs to a group (its {@code groups.csv} group, or a group of its
 * own when it has none). A group goes to the stratum of its most frequent class. Per stratum, in
 * class order, the groups (sorted by name) are shuffled with one {@link SplittableRandom} seeded by
 * the split seed, and each group in turn goes to validation if that brings the stratum's validation
 * count closer to {@code round(fraction * stratum size)}, otherwise to training. So all files of a
 * group stay on one side, and each class keeps its share as closely as the group sizes allow.
 * Without {@code groups.csv} every file is its own group, which gives an exact stratified split.
 *
 * <p>The cap {@code samples} then keeps a seeded, class-stratified subset of the training side
 * (largest-remainder quotas); the dropped files are marked {@code train-unused}.
 */
public final class FruitSplit {

  /** The side of a training file left out by the {@code samples} cap. */
  public static final String UNUSED = "train-unused";

  /**
   * One line of the audit.
   *
   * @param file path relative to its folder (the dataset folder, or the test folder for side {@code
   *     test})
   * @param className class folder name
   * @param group the group ({@code groups.csv}), or the file itself when it has none
   * @param side {@code train}, {@code validation}, {@code test}, {@code train-unused} or {@code
   *     skipped}
   * @param detail source size of used files ({@code 400x300}), the reason for skipped files
   */
  public record Row(String file, String className, String group, String side, String detail) {}

  private final List<String> classes;
  private final int[] train;
  private final int[] validation;
  private final int[] test;
  private final boolean separateTest;
  private final List<Row> rows;
  private final int groupCount;
  private final int ungrouped;

  private FruitSplit(
      List<String> classes,
      int[] train,
      int[] validation,
      int[] test,
      boolean separateTest,
      List<Row> rows,
      int groupCount,
      int ungrouped) {
    this.classes = List.copyOf(classes);
    this.train = train;
    this.validation = validation;
    this.test = test;
    this.separateTest = separateTest;
    this.rows = List.copyOf(rows);
    this.groupCount = groupCount;
    this.ungrouped = ungrouped;
  }

  /**
   * Computes the split.
   *
   * @param data the decoded dataset folder
   * @param groups file to group ({@code groups.csv}); empty for none
   * @param fraction share of each class kept for validation, in [0, 1)
   * @param seed split seed
   * @param samples cap on training examples after the split, 0 for none
   * @param testData the decoded separate test folder, or null to use the validation set as test set
   * @return the split
   */
  public static FruitSplit compute(
      DecodeCache.Opened data,
      Map<String, String> groups,
      double fraction,
      long seed,
      int samples,
      DecodeCache.Opened testData) {
    List<DecodeCache.Item> used = data.used();
    int n = used.size();
    int k = data.classes().size();
    // group name -> image indices (into the used images)
    TreeMap<String, List<Integer>> byGroup = new TreeMap<>();
    String[] groupOf = new String[n];
    int ungrouped = 0;
    for (int i = 0; i < n; i++) {
      String rel = used.get(i).relative();
      String g = groups.get(rel);
      if (g == null) {
        g = "file:" + rel;
        ungrouped++;
      } else {
        g = "group:" + g;
      }
      groupOf[i] = g;
      byGroup.computeIfAbsent(g, x -> new ArrayList<>()).add(i);
    }
    List<List<List<Integer>>> strata = new ArrayList<>();
    for (int c = 0; c < k; c++) {
      strata.add(new ArrayList<>());
    }
    for (List<Integer> members : byGroup.values()) {
      int[] count = new int[k];
      for (int i : members) {
        count[used.get(i).classIndex()]++;
      }
      int best = 0;
      for (int c = 1; c < k; c++) {
        if (count[c] > count[best]) {
          best = c;
        }
      }
      strata.get(best).add(members);
    }
    boolean[] isValidation = new boolean[n];
    SplittableRandom random = new SplittableRandom(seed);
    for (List<List<Integer>> stratum : strata) {
      int size = stratum.stream().mapToInt(List::size).sum();
      long target = Math.round(size * fraction);
      List<List<Integer>> shuffled = new ArrayList<>(stratum);
      for (int i = shuffled.size() - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        List<Integer> t = shuffled.get(i);
        shuffled.set(i, shuffled.get(j));
        shuffled.set(j, t);
      }
      long val = 0;
      for (List<Integer> g : shuffled) {
        if (Math.abs(val + g.size() - target) < Math.abs(val - target)) {
          val += g.size();
          for (int i : g) {
            isValidation[i] = true;
          }
        }
      }
    }
    List<Integer> trainAll = new ArrayList<>();
    List<Integer> val = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      (isValidation[i] ? val : trainAll).add(i);
    }
    boolean[] kept = new boolean[n];
    List<Integer> trainKept = cap(trainAll, used, k, samples, seed);
    trainKept.forEach(i -> kept[i] = true);

    List<Row> rows = new ArrayList<>();
    int u = 0;
    for (DecodeCache.Item item : data.items()) {
      String className = data.classes().get(item.classIndex());
      if (!item.used()) {
        String g = groups.getOrDefault(item.relative(), item.relative());
        rows.add(new Row(item.relative(), className, g, "skipped", item.detail()));
        continue;
      }
      String side = isValidation[u] ? "validation" : kept[u] ? "train" : UNUSED;
      rows.add(new Row(item.relative(), className, strip(groupOf[u]), side, item.detail()));
      u++;
    }
    int[] testIdx;
    if (testData != null) {
      testIdx = new int[testData.used().size()];
      Arrays.setAll(testIdx, i -> i);
      for (DecodeCache.Item item : testData.items()) {
        rows.add(
            new Row(
                item.relative(),
                testData.classes().get(item.classIndex()),
                item.relative(),
                item.used() ? "test" : "skipped",
                item.detail()));
      }
    } else {
      testIdx = toArray(val);
    }
    return new FruitSplit(
        data.classes(),
        toArray(trainKept),
        toArray(val),
        testIdx,
        testData != null,
        rows,
        byGroup.size(),
        ungrouped);
  }

  private static List<Integer> cap(
      List<Integer> train, List<DecodeCache.Item> used, int k, int samples, long seed) {
    if (samples <= 0 || samples >= train.size()) {
      return train;
    }
    List<List<Integer>> perClass = new ArrayList<>();
    for (int c = 0; c < k; c++) {
      perClass.add(new ArrayList<>());
    }
    train.forEach(i -> perClass.get(used.get(i).classIndex()).add(i));
    int[] quota = new int[k];
    double[] rest = new double[k];
    int given = 0;
    for (int c = 0; c < k; c++) {
      double exact = (double) samples * perClass.get(c).size() / train.size();
      quota[c] = (int) Math.floor(exact);
      rest[c] = exact - quota[c];
      given += quota[c];
    }
    while (given < samples) {
      int best = -1;
      for (int c = 0; c < k; c++) {
        if (quota[c] < perClass.get(c).size() && (best < 0 || rest[c] > rest[best])) {
          best = c;
        }
      }
      quota[best]++;
      rest[best] = -1;
      given++;
    }
    SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
    List<Integer> kept = new ArrayList<>();
    for (int c = 0; c < k; c++) {
      List<Integer> members = new ArrayList<>(perClass.get(c));
      for (int i = members.size() - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        Integer t = members.get(i);
        members.set(i, members.get(j));
        members.set(j, t);
      }
      kept.addAll(members.subList(0, quota[c]));
    }
    kept.sort(null);
    return kept;
  }

  private static String strip(String group) {
    return group.substring(group.indexOf(':') + 1);
  }

  private static int[] toArray(List<Integer> list) {
    return list.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * @return class names, sorted; the class index is the position
   */
  public List<String> classes() {
    return classes;
  }

  /**
   * @return training image indices (into the dataset folder's used images), ascending
   */
  public int[] train() {
    return train.clone();
  }

  /**
   * @return validation image indices (into the dataset folder's used images), ascending
   */
  public int[] validation() {
    return validation.clone();
  }

  /**
   * @return test image indices: into the test folder's used images when there is one, otherwise the
   *     validation indices
   */
  public int[] test() {
    return test.clone();
  }

  /**
   * @return true if the test set is a separate folder, false if it is the validation set
   */
  public boolean separateTest() {
    return separateTest;
  }

  /**
   * @return number of groups the dataset folder's used files form
   */
  public int groupCount() {
    return groupCount;
  }

  /**
   * @return used files with no row in {@code groups.csv} (each its own group)
   */
  public int ungrouped() {
    return ungrouped;
  }

  /**
   * @return one row per listed file of the dataset folder (and of the test folder, if any), in
   *     listing order: file, class, group, side, detail
   */
  public List<Row> rows() {
    return rows;
  }

  /**
   * @param side a side, e.g. {@code train}
   * @return files per class name on that side, in class order
   */
  public Map<String, Integer> countPerClass(String side) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    classes.forEach(c -> counts.put(c, 0));
    for (Row r : rows) {
      if (r.side().equals(side)) {
        counts.merge(r.className(), 1, Integer::sum);
      }
    }
    return counts;
  }

  /**
   * Writes the rows as CSV ({@code file,class,group,side,detail}), atomically (temporary file, then
   * rename).
   *
   * @param target the CSV file, e.g. {@code results/<run-id>/split-fruits.csv}
   * @throws IOException if it cannot be written
   */
  public void writeCsv(Path target) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".part");
    try {
      try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        w.write("file,class,group,side,detail\n");
        for (Row r : rows) {
          w.write(
              csv(r.file())
                  + ","
                  + csv(r.className())
                  + ","
                  + csv(r.group())
                  + ","
                  + csv(r.side())
                  + ","
                  + csv(r.detail())
                  + "\n");
        }
      }
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static String csv(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
