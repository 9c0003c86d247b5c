package org.cnnbench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cnnbench.report.RunData.Row;
import org.cnnbench.results.EnvironmentKey;
import org.cnnbench.results.EnvironmentKey.FrameworkFact;
import org.cnnbench.results.FrameworkColumn;
import org.cnnbench.results.TrialColumn;

/**
 * One framework of the run, as its provider described it in {@code frameworks.csv}.
 *
 * @param name the adapter's name
 * @param display its name for people
 * @param version the versions its trials reported
 * @param driven how the harness drives it
 * @param api the API it is programmed against
 * @param language the language of that API
 * @param code its adapter modules and their sizes
 */
record FrameworkRow(
    String name,
    String display,
    String version,
    String driven,
    String api,
    String language,
    String code) {

  /**
   * @param data the run
   * @param descriptions the run's descriptions
   * @param t the labels
   * @return one row per framework, in the order of the trial rows
   */
  static List<FrameworkRow> of(RunData data, RunDescriptions descriptions, Labels t) {
    Set<String> names = new LinkedHashSet<>();
    Map<String, Set<String>> versions = new LinkedHashMap<>();
    for (Row r : data.trialRows()) {
      names.add(r.framework());
      String version = r.text(TrialColumn.FRAMEWORK_VERSION);
      if (!version.isEmpty()) {
        versions.computeIfAbsent(r.framework(), k -> new LinkedHashSet<>()).add(version);
      }
    }
    Map<String, Row> described =
        descriptions.frameworks() == null ? Map.of() : descriptions.frameworks();
    Map<String, Integer> moduleUse = new LinkedHashMap<>();
    Map<String, List<String[]>> modules = new LinkedHashMap<>();
    for (String n : names) {
      List<String[]> ms = new ArrayList<>();
      Row d = described.get(n);
      for (String pair :
          d == null
              ? new String[0]
              : d.text(FrameworkColumn.ADAPTER_MODULES).trim().split("\\s+")) {
        int eq = pair.lastIndexOf('=');
        if (eq > 0) {
          ms.add(new String[] {pair.substring(0, eq), pair.substring(eq + 1)});
        }
      }
      modules.put(n, ms);
      ms.forEach(mod -> moduleUse.merge(mod[0], 1, Integer::sum));
    }
    List<FrameworkRow> out = new ArrayList<>();
    for (String n : names) {
      Row d = described.get(n);
      String display = data.env(EnvironmentKey.framework(n, FrameworkFact.DISPLAY_NAME));
      if (display.isEmpty() && d != null) {
        display = d.text(FrameworkColumn.DISPLAY_NAME);
      }
      List<String> code = new ArrayList<>();
      for (String[] mod : modules.get(n)) {
        code.add(
            "adapters/"
                + mod[0]
                + ": "
                + (mod[1].matches("\\d{1,18}") ? Format.count(Long.parseLong(mod[1])) : mod[1])
                + (moduleUse.get(mod[0]) > 1 ? " " + t.get("code_shared") : ""));
      }
      out.add(
          new FrameworkRow(
              n,
              display.isEmpty() ? n : display,
              String.join(", ", versions.getOrDefault(n, Set.of())),
              d == null ? "" : d.text(FrameworkColumn.DRIVEN_BY),
              d == null ? "" : d.text(FrameworkColumn.API),
              d == null ? "" : d.text(FrameworkColumn.LANGUAGE),
              String.join("; ", code)));
    }
    return out;
  }
}
