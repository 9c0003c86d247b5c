package org.cnnbench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cnnbench.report.RunData.Row;
import org.cnnbench.results.TrialColumn;

/**
 * One initial-weights hash of a model and seed, and the frameworks that loaded it.
 *
 * @param key model and seed
 * @param hash the hash
 * @param frameworks who loaded weights with this hash
 * @param verdict whether every framework loaded the same weights
 * @param cls CSS class: ok or bad
 */
record WeightRow(String key, String hash, String frameworks, String verdict, String cls) {

  /**
   * @param data the run
   * @param t the labels
   * @return one row per model, seed and hash of the OK trials
   */
  static List<WeightRow> of(RunData data, Labels t) {
    Map<String, Map<String, Set<String>>> byModelSeed = new LinkedHashMap<>();
    for (Row r : data.trialRows()) {
      String hash = r.text(TrialColumn.INIT_WEIGHTS_SHA256);
      if (r.ok() && !hash.isEmpty()) {
        byModelSeed
            .computeIfAbsent(
                r.model() + " · seed " + r.text(TrialColumn.SEED), k -> new LinkedHashMap<>())
            .computeIfAbsent(hash, k -> new LinkedHashSet<>())
            .add(r.framework() + (r.device().equals("cpu") ? "" : " (" + r.device() + ")"));
      }
    }
    List<WeightRow> rows = new ArrayList<>();
    byModelSeed.forEach(
        (key, hashes) ->
            hashes.forEach(
                (hash, who) ->
                    rows.add(
                        new WeightRow(
                            key,
                            hash,
                            String.join(", ", who),
                            hashes.size() == 1 ? t.get("weights_same") : t.get("weights_differ"),
                            hashes.size() == 1 ? "ok" : "bad"))));
    return rows;
  }
}
