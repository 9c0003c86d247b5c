package org.cnnbench.report;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The compute thread counts a trial's environment and system properties put in force, read from
 * their recorded {@code {NAME=value, ...}} form, so that frameworks configured through differently
 * named variables ({@code OMP_NUM_THREADS}, {@code MXNET_CPU_WORKER_NTHREADS}, a framework's own
 * property) compare equal when the counts are equal. Inter-op pool sizes are not compute threads
 * and are left out (a framework without an inter-op pool has none to set).
 */
final class ThreadsInForce {

  private static final Pattern ENTRY = Pattern.compile("([A-Za-z0-9_.\\-]+)=([^,}]*)");

  private ThreadsInForce() {}

  /**
   * @param recordedMaps recorded maps, e.g. {@code {MKL_NUM_THREADS=2, OMP_NUM_THREADS=2}}
   * @return the distinct compute thread counts, ascending, e.g. {@code [2]}; empty if none is set
   */
  static Set<Integer> counts(String... recordedMaps) {
    Set<Integer> counts = new TreeSet<>();
    for (String map : recordedMaps) {
      if (map == null) {
        continue;
      }
      Matcher m = ENTRY.matcher(map);
      while (m.find()) {
        String name = m.group(1).toLowerCase(Locale.ROOT);
        String value = m.group(2).strip();
        if (name.contains("thread") && !name.contains("interop") && value.matches("[0-9]+")) {
          counts.add(Integer.parseInt(value));
        }
      }
    }
    return counts;
  }

  /**
   * @param counts from {@link #counts}
   * @return e.g. {@code 2}, {@code 1 / 2}, or the empty string
   */
  static String describe(Set<Integer> counts) {
    return String.join(" / ", counts.stream().map(String::valueOf).toList());
  }
}
