package org.cnnbench.runner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The options a resumed run continues with: those it was started with, except its folders, which
 * come from the run folder's place now and from this command, so that a moved run resumes where it
 * is.
 *
 * @param properties the options to parse
 * @param ignored the options of this command that differ from the run's and are not used, as {@code
 *     -Dkey=value (the run has -Dkey=old)}
 */
record ResumeOptions(Properties properties, List<String> ignored) {

  /** Copies the list. */
  ResumeOptions {
    ignored = List.copyOf(ignored);
  }

  /**
   * @param stored the run's {@code run.properties}
   * @param given the options of the command that resumes
   * @param runDir the run folder, where it is now
   * @return the merged options
   */
  static ResumeOptions merge(Properties stored, Map<String, String> given, Path runDir) {
    Properties p = new Properties();
    p.putAll(stored);
    p.remove("resume");
    // results.dir is wherever the run folder is now (run.properties stores it relative, as "..").
    p.setProperty("results.dir", runDir.toAbsolutePath().normalize().getParent().toString());
    List<String> ignored = new ArrayList<>();
    for (Map.Entry<String, String> e : given.entrySet()) {
      String key = e.getKey();
      if (key.equals("resume") || key.equals("results.dir")) {
        continue;
      }
      // Options that name places are taken from the command that resumes, never reported as
      // ignored.
      if (OptionRegistry.installed().place(key)) {
        p.setProperty(key, e.getValue());
        continue;
      }
      String old = stored.getProperty(key);
      if (!e.getValue().equals(old == null ? null : old.trim())) {
        ignored.add(
            "-D"
                + key
                + "="
                + e.getValue()
                + " (the run has "
                + (old == null ? "no -D" + key : "-D" + key + "=" + old)
                + ")");
      }
    }
    return new ResumeOptions(p, ignored);
  }
}
