package org.cnnbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.cnnbench.results.TrialStatus;
import org.cnnbench.runner.plan.PlannedTrial;
import org.cnnbench.runner.plan.TrialPlan;
import org.cnnbench.spi.Capability;
import org.cnnbench.spi.FrameworkProvider;
import org.cnnbench.spi.Frameworks;
import org.junit.jupiter.api.Test;

/**
 * The default framework list holds only adapters that can run here; one named explicitly that
 * cannot (Python PyTorch pointed at a Python that does not exist) plans UNSUPPORTED rows with the
 * fix.
 */
class DefaultFrameworksTest {

  private static final FrameworkProvider CANNOT =
      new TestAdapters.Fake() {
        @Override
        public String name() {
          return "cannot";
        }

        @Override
        public Set<Capability> capabilities() {
          return EnumSet.noneOf(Capability.class);
        }

        @Override
        public String missingCapabilityReason(Capability capability) {
          return "cannot needs libfoo; install it with 'apt-get install libfoo'";
        }
      };

  @Test
  void adaptersThatCannotTrainAreLeftOutOfTheDefaultListWithTheirReason() {
    Map<String, FrameworkProvider> providers = new LinkedHashMap<>();
    providers.put("cannot", CANNOT);
    providers.put("fake", new TestAdapters.Fake());
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    Properties given = new Properties();
    given.setProperty("bench", "mnist");
    Properties p =
        DefaultFrameworks.leaveOutUnrunnable(
            given, providers, new PrintStream(console, true, StandardCharsets.UTF_8));
    assertEquals("fake", p.getProperty("frameworks"));
    assertEquals("mnist", p.getProperty("bench"));
    assertTrue(
        console
            .toString(StandardCharsets.UTF_8)
            .contains(
                "cannot is left out of the default frameworks: cannot needs libfoo; install it with 'apt-get install libfoo'"),
        console.toString(StandardCharsets.UTF_8));
    given.setProperty("frameworks", "cannot,fake");
    assertSame(
        given,
        DefaultFrameworks.leaveOutUnrunnable(given, providers, System.err),
        "named lists stay");
    given.setProperty("frameworks", "all");
    assertEquals(
        "fake",
        DefaultFrameworks.leaveOutUnrunnable(given, providers, System.err)
            .getProperty("frameworks"));
  }

  @Test
  void pythonPytorchWithoutAUsablePythonPlansUnsupportedRowsWithTheFix() {
    FrameworkProvider python = Frameworks.get("python-pytorch");
    String before = System.getProperty("python");
    System.setProperty("python", "/nonexistent/bin/python");
    try {
      Map<String, FrameworkProvider> providers = new LinkedHashMap<>();
      providers.put("python-pytorch", python);
      providers.put("fake", new TestAdapters.Fake());
      assertFalse(python.hasCapability(Capability.TRAIN));
      Properties p = new Properties();
      p.setProperty("bench", "mnist");
      p.setProperty("frameworks", "python-pytorch,fake");
      BenchOptions o = BenchOptions.parse(p, List.copyOf(providers.keySet()), Path.of("/repo"));
      List<PlannedTrial> plan = TrialPlan.expand(o, providers, false);
      PlannedTrial t =
          plan.stream()
              .filter(x -> x.framework().equals("python-pytorch"))
              .findFirst()
              .orElseThrow();
      assertEquals(TrialStatus.UNSUPPORTED, t.preStatus());
      assertTrue(
          t.preReason().contains("/nonexistent/bin/python cannot be started")
              && t.preReason().contains("pip install torch"),
          t.preReason());
      assertTrue(
          plan.stream().filter(x -> x.framework().equals("fake")).allMatch(PlannedTrial::runnable));
      Properties defaults = new Properties();
      defaults.setProperty("bench", "mnist");
      assertFalse(
          List.of(
                  DefaultFrameworks.leaveOutUnrunnable(defaults, providers, System.err)
                      .getProperty("frameworks")
                      .split(","))
              .contains("python-pytorch"));
    } finally {
      if (before == null) {
        System.clearProperty("python");
      } else {
        System.setProperty("python", before);
      }
    }
  }
}
