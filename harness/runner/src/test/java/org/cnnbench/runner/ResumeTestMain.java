package org.cnnbench.runner;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cnnbench.spi.FrameworkProvider;
import org.cnnbench.spi.Frameworks;

/**
 * A runner process for the kill test: like BenchMain, but with test datasets that need no
 * preparing.
 */
public final class ResumeTestMain {

  private ResumeTestMain() {}

  /**
   * @param args the repository root to use
   */
  public static void main(String[] args) throws Exception {
    Map<String, FrameworkProvider> all = new LinkedHashMap<>();
    Frameworks.available().forEach(f -> all.put(f.name(), f));
    BenchOptions options =
        BenchOptions.parse(System.getProperties(), List.copyOf(all.keySet()), Path.of(args[0]));
    Map<String, FrameworkProvider> selected = new LinkedHashMap<>();
    options.frameworks().forEach(f -> selected.put(f, all.get(f)));
    new Bench(options, selected, (dataset, locations) -> null, System.out).run();
  }
}
