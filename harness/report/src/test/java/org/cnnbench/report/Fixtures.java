package org.cnnbench.report;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The fixed result folders under {@code src/test/resources/report-fixture} and helpers to read pages. */
final class Fixtures {

  private static final Pattern LINK = Pattern.compile("(?:src|href)=\"([^\"#][^\"]*)\"");

  private Fixtures() {}

  /** @return a fixture run folder, e.g. {@code run-3-repeats} (10 trials, 3 repetitions) */
  static Path run(String name) {
    try {
      return Path.of(Fixtures.class.getResource("/report-fixture/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** @return every local {@code src} and {@code href} of a page, in order */
  static List<String> localLinks(Path page) throws IOException {
    List<String> out = new ArrayList<>();
    Matcher m = LINK.matcher(Files.readString(page));
    while (m.find()) {
      if (!m.group(1).contains(":")) {
        out.add(m.group(1));
      }
    }
    return out;
  }

  /**
   * Copies a run folder keeping only the rows of repetition 1.
   *
   * @return the copy
   */
  static Path firstRepetitionOnly(Path run, Path into) throws IOException {
    Files.createDirectories(into);
    for (String file : List.of("trials.csv", "epochs.csv")) {
      List<String> lines = Files.readAllLines(run.resolve(file));
      int col = List.of(lines.get(0).split(",")).indexOf("repetition");
      List<String> kept = new ArrayList<>(List.of(lines.get(0)));
      for (String line : lines.subList(1, lines.size())) {
        String[] cells = line.split(",", -1);
        if (cells.length > col && cells[col].equals("1")) {
          kept.add(line);
        }
      }
      Files.write(into.resolve(file), kept);
    }
    Files.copy(run.resolve("environment.csv"), into.resolve("environment.csv"));
    return into;
  }
}
