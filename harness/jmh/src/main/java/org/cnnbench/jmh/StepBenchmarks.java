package org.cnnbench.jmh;

import java.util.concurrent.TimeUnit;
import org.cnnbench.spi.StepOutput;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Latency of one adapter call, measured by JMH in {@link Mode#SampleTime} (every call timed, so the
 * results carry percentiles) in milliseconds. Only the SPI is used; which framework runs is the
 * {@code framework} parameter, and the JMH JVM's class path holds only that framework's adapter.
 *
 * <ul>
 *   <li>{@link #trainStep}: one {@code trainBatch} (forward, loss, backward, optimizer update) at
 *       the model's training batch size (mnist-cnn: 64);
 *   <li>{@link #inferOne}: one {@code evaluateBatch} of a single example (online latency);
 *   <li>{@link #inferBatch}: one {@code evaluateBatch} at the training batch size.
 * </ul>
 *
 * <p>Defaults (the runner passes the same values explicitly): 2 forks, 3 warm-up iterations of 2 s
 * and 5 measurement iterations of 2 s, one benchmark thread. On 2 cores mnist-cnn training steps
 * take a few ms, so warm-up covers thousands of calls: enough for C2 to compile the adapter's Java
 * side (array copies, layout conversion) and for the native allocators (PyTorch's CPU allocator,
 * MXNet's pool, ND4J workspaces, TensorFlow's BFC allocator) to reach their steady size. Every call
 * returns its loss on the host, so the framework has finished when JMH reads the clock; the
 * returned {@link StepOutput} goes to JMH's blackhole. Each framework is loaded once per fork,
 * outside the measurement.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 2, timeUnit = TimeUnit.SECONDS)
@Fork(2)
@Threads(1)
public class StepBenchmarks {

  /**
   * The network being trained. It is rebuilt from the shared initial weights before every iteration
   * (outside the measurement) and primed with {@link BenchState#PRIMING_STEPS} untimed steps, so
   * every iteration measures the same early phase of training: with one network trained for the
   * whole run, the loss on the few fixed batches would saturate, the gradients would be clipped to
   * zero and the Adam moments would decay into subnormal floats, which some CPUs process far more
   * slowly. Closing the network at the end of each iteration frees its native memory and optimizer
   * state.
   */
  @State(Scope.Thread)
  public static class Training extends BenchState {

    /** Opens the framework once per fork. */
    @Setup(Level.Trial)
    public void open() {
      openSession();
    }

    /** A fresh network from the initial weights, primed. */
    @Setup(Level.Iteration)
    public void build() {
      buildNetwork();
      for (int i = 0; i < PRIMING_STEPS; i++) {
        network.trainBatch(nextTrainBatch());
      }
    }

    /** Frees the iteration's network. */
    @TearDown(Level.Iteration)
    public void release() {
      closeNetwork();
    }

    /** Frees the framework. */
    @TearDown(Level.Trial)
    public void close() {
      closeAll();
    }
  }

  /**
   * One network with the initial weights, evaluated for the whole fork (evaluation changes
   * nothing).
   */
  @State(Scope.Thread)
  public static class Inference extends BenchState {

    /** Opens the framework and builds the network once per fork. */
    @Setup(Level.Trial)
    public void open() {
      openSession();
      buildNetwork();
    }

    /** Frees the network and the framework. */
    @TearDown(Level.Trial)
    public void close() {
      closeAll();
    }
  }

  /**
   * One training step at the training batch size.
   *
   * @param s the state
   * @return the step's loss and outputs, consumed by JMH
   */
  @Benchmark
  public StepOutput trainStep(Training s) {
    return s.network.trainBatch(s.nextTrainBatch());
  }

  /**
   * Inference on one example.
   *
   * @param s the state
   * @return loss and outputs, consumed by JMH
   */
  @Benchmark
  public StepOutput inferOne(Inference s) {
    return s.network.evaluateBatch(s.nextSingle());
  }

  /**
   * Inference at the training batch size.
   *
   * @param s the state
   * @return loss and outputs, consumed by JMH
   */
  @Benchmark
  public StepOutput inferBatch(Inference s) {
    return s.network.evaluateBatch(s.nextTrainBatch());
  }
}
