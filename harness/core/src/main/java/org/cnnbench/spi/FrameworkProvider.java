package org.cnnbench.spi;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A framework binding, found with {@link java.util.ServiceLoader}. Creating a provider and asking
 * its name, capabilities or child settings must not load any native library: the runner asks these
 * in its own process and loads frameworks only in each trial's child process, through {@link
 * #open(Device, int, FrameworkContext)}. Adapters do no file I/O of their own and set no global
 * state: what they need (a scratch folder, natives unpacked from a jar, system properties) they
 * declare ({@link #needs()}, {@link #childSystemProperties(int)}) and the harness provides.
 */
public interface FrameworkProvider {

  /**
   * @return the short name used in {@code -Dframeworks=}, e.g. {@code pytorch}
   */
  String name();

  /**
   * @return a name for people, e.g. {@code DJL PyTorch}
   */
  String displayName();

  /**
   * What the report says about this adapter (how it drives its framework, the API, the language).
   * Like {@link #name()}, it must not load any native library.
   *
   * @return the description written into each run folder
   */
  FrameworkDescription description();

  /**
   * @return what this build of the adapter can do
   */
  Set<Capability> capabilities();

  /**
   * @param capability what the caller wants to do
   * @return true if the adapter supports it
   */
  default boolean hasCapability(Capability capability) {
    return capabilities().contains(capability);
  }

  /**
   * System properties the trial's JVM needs, e.g. thread pins or offline switches.
   *
   * @param threads the thread count to pin
   * @return property name to value
   */
  Map<String, String> childSystemProperties(int threads);

  /**
   * Environment variables the trial's process needs (e.g. {@code OMP_NUM_THREADS}).
   *
   * @param threads the thread count to pin
   * @return variable name to value
   */
  Map<String, String> childEnvironment(int threads);

  /**
   * Environment variables of a trial's process on a given device. By default those of {@link
   * #childEnvironment(int)}; adapters whose backend is chosen at load time (e.g. ND4J's CPU or CUDA
   * backend) add what selects it.
   *
   * @param threads the thread count to pin
   * @param device where the trial runs
   * @return variable name to value
   */
  default Map<String, String> childEnvironment(int threads, Device device) {
    return childEnvironment(threads);
  }

  /**
   * Why this build cannot do something, for the UNSUPPORTED row of a trial that needs it.
   *
   * @param capability a capability {@link #hasCapability} denies
   * @return one sentence a user can act on
   */
  default String missingCapabilityReason(Capability capability) {
    return switch (capability) {
      case DEVICE_GPU -> displayName() + " in this build has no GPU support (build with -Pgpu)";
      case DEVICE_CPU -> displayName() + " in this build has no CPU support";
      case TRAIN -> displayName() + " cannot train";
      case INFER -> displayName() + " cannot run inference";
    };
  }

  /**
   * The adapter's own {@code -D} settings (e.g. {@code -Dtensorflow.onednn}), each declared once.
   * The runner validates a given value before any work, records it in the run folder, restores it
   * on resume and puts it into a plan's fingerprint; before asking the adapter anything for a run
   * it sets the run's values as system properties, so {@link OptionSpec#value()} reads the run's
   * setting. By default there are none.
   *
   * @return the options, in the order of the options table
   */
  default List<OptionSpec> options() {
    return List.of();
  }

  /**
   * Checks the adapter's own {@code -D} options in the runner's JVM, before any trial starts: by
   * default each of {@link #options()}; an adapter adds checks that depend on the machine (e.g. a
   * native build the CPU cannot run).
   *
   * @throws IllegalArgumentException naming the option and listing its valid values
   */
  default void checkOptions() {
    options().forEach(OptionSpec::value);
  }

  /**
   * The class path of the trial's JVM: this adapter, the harness core and the adapter's libraries,
   * nothing else.
   *
   * @return class path entries
   */
  default List<String> childClasspath() {
    return AdapterClasspath.of(this);
  }

  /**
   * What the adapter needs the harness to make before {@link #open(Device, int, FrameworkContext)}:
   * a scratch folder, bundles of files (natives) unpacked into the harness's cache. Pure Java, like
   * the other questions: it may name files, but it loads and writes nothing. By default nothing.
   *
   * @return the needs
   */
  default FrameworkNeeds needs() {
    return FrameworkNeeds.none();
  }

  /**
   * Loads the framework in the current process on a device, with what the harness made from {@link
   * #needs()}. The harness always calls this one. An adapter that declares needs overrides it; by
   * default it calls {@link #open(Device, int)}.
   *
   * @param device where to run
   * @param threads intra-op threads to use
   * @param context the scratch folder and unpacked bundles the needs asked for
   * @return the session
   * @throws UnsupportedOperationException if the device is not supported
   */
  default FrameworkSession open(Device device, int threads, FrameworkContext context) {
    return open(device, threads);
  }

  /**
   * Loads the framework in the current process on a device; for adapters that declare no {@link
   * #needs()}. By default it fails: an adapter implements this one or the one with a context.
   *
   * @param device where to run
   * @param threads intra-op threads to use
   * @return the session
   * @throws UnsupportedOperationException if the device is not supported
   * @throws IllegalStateException if the adapter needs a context
   */
  default FrameworkSession open(Device device, int threads) {
    throw new IllegalStateException(
        "adapter '"
            + name()
            + "' needs what the harness makes from its needs():"
            + " open it with open(device, threads, context)");
  }
}
