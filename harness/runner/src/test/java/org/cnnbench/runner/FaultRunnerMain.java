package org.cnnbench.runner;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cnnbench.spi.FrameworkProvider;
import org.cnnbench.spi.Frameworks;

/**
 * A runner process for the signal tests: {@link BenchMain#run} with its signal handling and exit
 * code, but with test datasets that need no preparing (a preparation that takes {@code
 * -Dtest.prepare.seconds}, or the real one with {@code -Dtest.prepare.real=true}) and no build
 * check.
 */
public final class FaultRunnerMain {

  private FaultRunnerMain() {}

  /**
   * @param args the repository root to use
   */
  public static void main(String[] args) {
    Map<String, FrameworkProvider> all = new LinkedHashMap<>();
    Frameworks.available().forEach(f -> all.put(f.name(), f));
    long prepareMillis =
        (long) (Double.parseDouble(System.getProperty("test.prepare.seconds", "0")) * 1000);
    Bench.DatasetPreparer real = org.cnnbench.data.Datasets::prepare;
    boolean prepareForReal = Boolean.getBoolean("test.prepare.real");
    int code =
        BenchMain.run(
            System.getProperties(),
            all,
            Path.of(args[0]),
            (dataset, locations) -> {
              if (prepareForReal) {
                return real.prepare(dataset, locations);
              }
              if (prepareMillis > 0) {
                System.out.println("preparing " + dataset);
                System.out.flush();
                // a preparation that no signal cuts short, like a decode in this process
                long until = System.currentTimeMillis() + prepareMillis;
                while (System.currentTimeMillis() < until) {
                  try {
                    Thread.sleep(Math.max(1, until - System.currentTimeMillis()));
                  } catch (InterruptedException e) {
                    // keeps going
                  }
                }
              }
              return null;
            },
            (checkout, providers) -> {},
            System.out,
            System.err);
    System.out.flush();
    System.err.flush();
    System.exit(code);
  }
}
