package org.cnnbench.runner;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.cnnbench.spi.Capability;
import org.cnnbench.spi.FrameworkProvider;

/**
 * The framework list of a run that names none ({@code -Dframeworks} absent or {@code all}): every
 * built adapter that can train here. An adapter that cannot (e.g. Python PyTorch without a Python
 * that imports torch) is left out with its reason and fix printed; named explicitly, it still gets
 * UNSUPPORTED rows carrying that reason.
 */
final class DefaultFrameworks {

  private DefaultFrameworks() {}

  /**
   * @param props the run's options
   * @param providers the built adapters
   * @param console where the left-out adapters are named
   * @return props itself when frameworks are named or every adapter can train, else a copy whose
   *     {@code frameworks} lists those that can
   */
  static Properties leaveOutUnrunnable(
      Properties props, Map<String, FrameworkProvider> providers, PrintStream console) {
    String named = props.getProperty("frameworks");
    if (named != null && !named.trim().equalsIgnoreCase("all")) {
      return props;
    }
    List<String> runnable = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (FrameworkProvider p : providers.values()) {
      if (p.hasCapability(Capability.TRAIN)) {
        runnable.add(p.name());
      } else {
        notes.add(
            p.name()
                + " is left out of the default frameworks: "
                + p.missingCapabilityReason(Capability.TRAIN));
      }
    }
    if (notes.isEmpty() || runnable.isEmpty()) {
      return props;
    }
    notes.forEach(n -> console.println("cnn-bench: " + n));
    Properties copy = new Properties();
    props.stringPropertyNames().forEach(k -> copy.setProperty(k, props.getProperty(k)));
    copy.setProperty("frameworks", String.join(",", runnable));
    return copy;
  }
}
