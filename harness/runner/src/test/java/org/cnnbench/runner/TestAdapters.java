package org.cnnbench.runner;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cnnbench.reference.ReferenceForward;
import org.cnnbench.spec.LayerSummary;
import org.cnnbench.spec.ModelSpec;
import org.cnnbench.spi.Batch;
import org.cnnbench.spi.Capability;
import org.cnnbench.spi.Device;
import org.cnnbench.spi.FrameworkDescription;
import org.cnnbench.spi.FrameworkProvider;
import org.cnnbench.spi.FrameworkSession;
import org.cnnbench.spi.Frameworks;
import org.cnnbench.spi.LayerParameters;
import org.cnnbench.spi.StepOutput;
import org.cnnbench.spi.TrainableNetwork;
import org.cnnbench.weights.ModelWeights;

/**
 * Test-only adapters that run in real trial processes: {@code fake} trains nothing but behaves,
 * {@code crash} halts the JVM in its third step, {@code hang} sleeps in its first step, {@code nan}
 * returns a NaN loss in its second step, {@code segv} and {@code stop} have {@code kill} send
 * SIGSEGV or SIGSTOP to their own JVM's process id in their third step;
 *
 * <p>{@code gd} does gradient descent with the model's learning rate.
 */
final class TestAdapters {

  private TestAdapters() {}

  /** A provider whose network misbehaves in a given way. */
  abstract static class Base implements FrameworkProvider {
    @Override
    public String displayName() {
      return "test adapter " + name();
    }

    @Override
    public FrameworkDescription description() {
      return new FrameworkDescription(
          "the harness test adapter " + name() + " with a plain Java network",
          "cnn-bench SPI only",
          "Java");
    }

    @Override
    public Set<Capability> capabilities() {
      return EnumSet.of(Capability.TRAIN, Capability.INFER, Capability.DEVICE_CPU);
    }

    @Override
    public Map<String, String> childSystemProperties(int threads) {
      return Map.of();
    }

    @Override
    public Map<String, String> childEnvironment(int threads) {
      return Map.of();
    }

    @Override
    public List<String> childClasspath() {
      return List.of(System.getProperty("java.class.path").split(File.pathSeparator));
    }

    abstract void onStep(int step);

    /**
     * @return what the session reports as its versions, recorded in environment.csv
     */
    Map<String, String> sessionVersions() {
      return Map.of("test.version", "1");
    }

    @Override
    public FrameworkSession open(Device device, int threads) {
      return new FrameworkSession() {
        @Override
        public Map<String, String> versions() {
          return sessionVersions();
        }

        @Override
        public String frameworkVersion() {
          return "Test 1.0";
        }

        @Override
        public TrainableNetwork build(ModelSpec spec) {
          return new Network(spec, Base.this);
        }

        @Override
        public void close() {}
      };
    }
  }

  /** Outputs of the reference forward pass; the loss shrinks with every step. */
  static final class Network implements TrainableNetwork {
    private final ModelSpec spec;
    private final Base owner;
    private ModelWeights weights;
    private int steps;
    private double w = 1;

    Network(ModelSpec spec, Base owner) {
      this.spec = spec;
      this.owner = owner;
    }

    @Override
    public List<LayerParameters> parameterCounts() {
      List<LayerParameters> out = new ArrayList<>();
      for (LayerSummary s : spec.summary()) {
        if (s.parameters() > 0) {
          out.add(new LayerParameters(s.index(), s.parameters()));
        }
      }
      return out;
    }

    @Override
    public void loadWeights(ModelWeights w) {
      this.weights = w;
    }

    @Override
    public ModelWeights exportWeights() {
      return weights;
    }

    @Override
    public StepOutput trainBatch(Batch batch) {
      owner.onStep(++steps);
      if (owner instanceof Gd) {
        // Real gradient descent on loss = w^2 with the spec's learning rate: diverges for lr > 1.
        w -= spec.optimizer().learningRate() * 2 * w;
        return new StepOutput(
            (float) (w * w),
            ReferenceForward.forward(spec, weights, batch.features(), batch.size()));
      }
      return new StepOutput(
          steps == 2 && owner instanceof Nan ? Float.NaN : 2f / steps,
          ReferenceForward.forward(spec, weights, batch.features(), batch.size()));
    }

    @Override
    public StepOutput evaluateBatch(Batch batch) {
      return new StepOutput(
          1f / (steps + 1),
          ReferenceForward.forward(spec, weights, batch.features(), batch.size()));
    }

    @Override
    public void close() {}
  }

  /** Behaves. */
  public static class Fake extends Base {
    @Override
    public String name() {
      return "fake";
    }

    @Override
    void onStep(int step) {}
  }

  /** Halts the JVM in its third step, after its first epoch of two steps. */
  public static final class Crash extends Base {
    @Override
    public String name() {
      return "crash";
    }

    @Override
    void onStep(int step) {
      if (step == 3) {
        System.err.println("crash adapter: halting the JVM now");
        Runtime.getRuntime().halt(3);
      }
    }
  }

  /** Sleeps far past any timeout in its first step. */
  public static final class Hang extends Base {
    @Override
    public String name() {
      return "hang";
    }

    @Override
    void onStep(int step) {
      System.err.println("hang adapter: stuck in step " + step);
      System.err.flush();
      try {
        Thread.sleep(3_600_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Takes half a second per step, long enough to be killed in the middle of a trial; asks for a
   * memory scratch folder ({@code /dev/shm}) like the Python worker does, so that its removal is
   * tested.
   */
  public static final class Slow extends Base {
    @Override
    public String name() {
      return "slow";
    }

    @Override
    public org.cnnbench.spi.FrameworkNeeds needs() {
      return org.cnnbench.spi.FrameworkNeeds.none()
          .withScratch(org.cnnbench.spi.FrameworkNeeds.Scratch.MEMORY);
    }

    @Override
    void onStep(int step) {
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Returns a NaN loss in its second step. */
  public static final class Nan extends Base {
    @Override
    public String name() {
      return "nan";
    }

    @Override
    void onStep(int step) {}
  }

  /**
   * Sends a signal to this JVM by its process id, from another process, then waits for it to act.
   */
  static void killSelf(String signal) {
    try {
      // the shell's built-in kill: no procps needed
      new ProcessBuilder("sh", "-c", "kill -" + signal + " " + ProcessHandle.current().pid())
          .inheritIO()
          .start()
          .waitFor();
      Thread.sleep(60_000);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Receives SIGSEGV in its third step, after its first epoch of two steps. */
  public static final class Segv extends Base {
    @Override
    public String name() {
      return "segv";
    }

    @Override
    void onStep(int step) {
      if (step == 3) {
        killSelf("SEGV");
      }
    }
  }

  /** Receives SIGSTOP in its third step: a hung process that no longer runs at all. */
  public static final class Stop extends Base {
    @Override
    public String name() {
      return "stop";
    }

    @Override
    void onStep(int step) {
      if (step == 3) {
        killSelf("STOP");
      }
    }
  }

  /**
   * Gradient descent on {@code w^2} with the model's learning rate ({@code -Dlr}): a real
   * divergence.
   */
  public static final class Gd extends Base {
    @Override
    public String name() {
      return "gd";
    }

    @Override
    void onStep(int step) {}
  }

  /**
   * Passes on to its trial JVM what the real {@code tensorflow} and {@code dl4j-samediff} adapters
   * give their trials for {@code -Dtensorflow.onednn} and {@code -Dsamediff.layout} (system
   * properties and {@code TF_ENABLE_ONEDNN_OPTS}), computed in the runner as theirs are; the trial
   * prints what it received to its log and reports it as versions, so a test sees what a trial JVM
   * got.
   */
  public static final class Echo extends Base {
    /** What the trial JVM reads: two system properties and one environment variable. */
    static final List<String> PROPERTIES = List.of("tensorflow.onednn", "samediff.layout");

    static final String VARIABLE = "TF_ENABLE_ONEDNN_OPTS";

    @Override
    public String name() {
      return "echo";
    }

    @Override
    void onStep(int step) {}

    @Override
    public Map<String, String> childSystemProperties(int threads) {
      Map<String, String> p = new LinkedHashMap<>();
      p.put(
          "tensorflow.onednn",
          Frameworks.get("tensorflow").childSystemProperties(threads).get("tensorflow.onednn"));
      p.put(
          "samediff.layout",
          Frameworks.get("dl4j-samediff").childSystemProperties(threads).get("samediff.layout"));
      return p;
    }

    @Override
    public Map<String, String> childEnvironment(int threads) {
      return Map.of(VARIABLE, Frameworks.get("tensorflow").childEnvironment(threads).get(VARIABLE));
    }

    @Override
    Map<String, String> sessionVersions() {
      Map<String, String> received = new LinkedHashMap<>();
      PROPERTIES.forEach(k -> received.put("received." + k, String.valueOf(System.getProperty(k))));
      received.put("received." + VARIABLE, String.valueOf(System.getenv(VARIABLE)));
      System.err.println("echo adapter received " + received);
      return received;
    }
  }
}
