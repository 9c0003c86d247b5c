package org.cnnbench.data.fruits;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FruitSplitTest {

  /** 2 classes, 300 and 200 files in groups of 1 to 6, plus 2 skipped files; pixels not needed. */
  private static DecodeCache.Opened synthetic(Map<String, String> groups) {
    List<DecodeCache.Item> items = new ArrayList<>();
    Random r = new Random(5);
    int[] sizes = {300, 200};
    String[] names = {"fresh", "rotten"};
    for (int c = 0; c < 2; c++) {
      int g = 0;
      int left = 0;
      for (int i = 0; i < sizes[c]; i++) {
        if (left == 0) {
          g++;
          left = 1 + r.nextInt(6);
        }
        left--;
        String file = names[c] + "/img_" + i + ".jpg";
        groups.put(file, names[c] + "-g" + g);
        items.add(new DecodeCache.Item(file, c, true, "128x128"));
      }
      items.add(new DecodeCache.Item(names[c] + "/bad.txt", c, false, "not an image"));
    }
    return new DecodeCache.Opened(
        Path.of("cache"), "k", List.of("fresh", "rotten"), items, null, false);
  }

  @Test
  void groupsStayOnOneSideAndClassesKeepTheirShare() {
    Map<String, String> groups = new HashMap<>();
    DecodeCache.Opened data = synthetic(groups);
    FruitSplit split = FruitSplit.compute(data, groups, 0.2, 123, 0, null);
    Map<String, Set<String>> sides = new HashMap<>();
    for (FruitSplit.Row row : split.rows()) {
      if (!row.side().equals("skipped")) {
        sides.computeIfAbsent(row.group(), g -> new HashSet<>()).add(row.side());
      }
    }
    sides.forEach((g, s) -> assertEquals(1, s.size(), "group " + g + " on sides " + s));
    Map<String, Integer> val = split.countPerClass("validation");
    assertTrue(Math.abs(val.get("fresh") - 60) <= 3, "fresh validation " + val);
    assertTrue(Math.abs(val.get("rotten") - 40) <= 3, "rotten validation " + val);
    assertEquals(500, split.train().length + split.validation().length);
    assertArrayEquals(split.validation(), split.test());
    assertEquals(2, split.rows().stream().filter(r -> r.side().equals("skipped")).count());

    FruitSplit again = FruitSplit.compute(data, groups, 0.2, 123, 0, null);
    assertEquals(split.rows(), again.rows());
    FruitSplit other = FruitSplit.compute(data, groups, 0.2, 124, 0, null);
    assertFalse(split.rows().equals(other.rows()));
  }

  @Test
  void withoutGroupsTheSplitIsExactlyStratified() {
    DecodeCache.Opened data = synthetic(new HashMap<>());
    FruitSplit split = FruitSplit.compute(data, Map.of(), 0.2, 1, 0, null);
    assertEquals(Map.of("fresh", 60, "rotten", 40), split.countPerClass("validation"));
    assertEquals(Map.of("fresh", 240, "rotten", 160), split.countPerClass("train"));
    assertEquals(500, split.groupCount());
  }

  @Test
  void samplesCapTheTrainingSideStratified() {
    Map<String, String> groups = new HashMap<>();
    DecodeCache.Opened data = synthetic(groups);
    FruitSplit full = FruitSplit.compute(data, groups, 0.2, 123, 0, null);
    FruitSplit capped = FruitSplit.compute(data, groups, 0.2, 123, 100, null);
    assertEquals(100, capped.train().length);
    assertArrayEquals(full.validation(), capped.validation());
    Map<String, Integer> perClass = capped.countPerClass("train");
    Map<String, Integer> fullPerClass = full.countPerClass("train");
    double share = (double) fullPerClass.get("fresh") / full.train().length;
    assertTrue(
        Math.abs(perClass.get("fresh") - 100 * share) <= 1, perClass + " vs " + fullPerClass);
    assertEquals(
        full.train().length - 100,
        capped.rows().stream().filter(r -> r.side().equals(FruitSplit.UNUSED)).count());
  }

  @Test
  void writesAnAuditCsv(@TempDir Path tmp) throws IOException {
    Map<String, String> groups = new HashMap<>();
    FruitSplit split = FruitSplit.compute(synthetic(groups), groups, 0.2, 123, 0, null);
    Path csv = tmp.resolve("results/run/split-fruits.csv");
    split.writeCsv(csv);
    List<String> lines = Files.readAllLines(csv);
    assertEquals("file,class,group,side,detail", lines.get(0));
    assertEquals(503, lines.size());
    assertTrue(lines.get(1).startsWith("fresh/img_0.jpg,fresh,fresh-g1,"), lines.get(1));
  }

  @Test
  void readsGroupsCsvWithQuotes(@TempDir Path tmp) throws IOException {
    Files.writeString(
        tmp.resolve("groups.csv"),
        "\uFEFFfile,group\nfresh/a.jpg,g1\n\"rotten/b, c.jpg\",\"g \"\"2\"\"\"\n");
    Map<String, String> g = GroupsCsv.read(tmp);
    assertEquals(Map.of("fresh/a.jpg", "g1", "rotten/b, c.jpg", "g \"2\""), g);
  }
}
