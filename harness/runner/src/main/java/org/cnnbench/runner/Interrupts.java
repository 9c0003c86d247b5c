package org.cnnbench.runner;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Ctrl-C (SIGINT) and SIGTERM (kill, a scheduler's time limit) in the runner. The first signal
 * kills every process the runner started (trials, workers, whole trees) and lets the run stop at
 * its next row boundary: what finished is kept, nothing is half written, and the last line names
 * what was kept and the {@code -Dresume} command ({@link RunInterruptedException}, {@link
 * ExitCode#INTERRUPTED}). With no run in progress it exits at once. A second signal during the
 * clean-up exits at once, and so does a clean-up that takes longer than {@link #CLEANUP_LIMIT}.
 */
final class Interrupts {

  /** How long the run may take to stop after the first signal before the process exits anyway. */
  static final Duration CLEANUP_LIMIT = Duration.ofSeconds(30);

  /**
   * How long a trial that failed waits for a signal that may have killed it too (Ctrl-C reaches the
   * trial first).
   */
  private static final Duration SETTLE = Duration.ofMillis(300);

  private static final AtomicReference<String> SIGNAL = new AtomicReference<>();
  private static final CountDownLatch SIGNALLED = new CountDownLatch(1);
  private static volatile String activeRun;
  private static volatile Path activeRunDir;
  private static volatile boolean measuring;
  private static volatile String resumeCommand = "";
  private static volatile PrintStream err = System.err;
  private static volatile boolean installed;

  private Interrupts() {}

  /**
   * Takes over SIGINT and SIGTERM for the rest of the process; idempotent.
   *
   * @param messages where the messages of a signal go (the runner's standard error)
   */
  static synchronized void install(PrintStream messages) {
    err = messages;
    if (installed) {
      return;
    }
    installed = true;
    for (String name : new String[] {"INT", "TERM"}) {
      try {
        handle(name);
      } catch (InvocationTargetException e) {
        if (!(e.getCause() instanceof IllegalArgumentException)) {
          throw new IllegalStateException(
              "cannot handle SIG" + name + ": " + e.getCause(), e.getCause());
        }
        // the JVM keeps this signal for itself (-Xrs); its default behaviour stays
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot handle SIG" + name + ": " + e, e);
      }
    }
  }

  /**
   * {@code sun.misc.Signal.handle(new Signal(name), s -> onSignal("SIG" + s.getName()))}, written
   * reflectively: the JDK has no supported signal API, and javac warns about every compiled use of
   * sun.misc (a warning no annotation silences), which would fail the build.
   */
  private static void handle(String name) throws ReflectiveOperationException {
    Class<?> signalType = Class.forName("sun.misc.Signal");
    Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
    Object signal = signalType.getConstructor(String.class).newInstance(name);
    Method signalName = signalType.getMethod("getName");
    Object handler =
        Proxy.newProxyInstance(
            handlerType.getClassLoader(),
            new Class<?>[] {handlerType},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "handle" -> {
                    onSignal("SIG" + signalName.invoke(args[0]));
                    yield null;
                  }
                  case "equals" -> proxy == args[0];
                  case "hashCode" -> System.identityHashCode(proxy);
                  case "toString" -> "cnn-bench interrupt handler";
                  default -> throw new UnsupportedOperationException(method.toString());
                });
    signalType.getMethod("handle", signalType, handlerType).invoke(null, signal, handler);
  }

  /**
   * A run folder now holds a run that stops by itself at its next row boundary after a signal.
   *
   * @param runId the run
   * @param resume the command that continues it
   */
  static void runStarted(String runId, Path runDir, String resume) {
    resumeCommand = resume;
    activeRunDir = runDir;
    measuring = false;
    activeRun = runId;
  }

  /** The run reached its first trial (or is a resume): its folder holds results and is kept. */
  static void measuring() {
    measuring = true;
  }

  /** The run ended (or failed); a signal now exits at once. */
  static void runEnded() {
    activeRun = null;
  }

  /**
   * @return the name of the signal received ({@code SIGINT}, {@code SIGTERM}), or null
   */
  static String received() {
    return SIGNAL.get();
  }

  /**
   * After a trial that did not end well: waits briefly for a signal that may be on its way (Ctrl-C
   * reaches every process of the terminal's group, and a trial may die of it before the runner's
   * handler has run).
   *
   * @return the signal received, or null
   */
  static String settle() {
    if (!installed) {
      return null;
    }
    try {
      SIGNALLED.await(SETTLE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return received();
  }

  /** Handles one signal; package-private so that a test can deliver one without a real signal. */
  static void onSignal(String name) {
    if (!SIGNAL.compareAndSet(null, name)) {
      exitNow(name + " again during clean-up after " + SIGNAL.get() + ": exiting at once");
    }
    SIGNALLED.countDown();
    stopChildren();
    if (activeRun == null) {
      System.out.flush();
      err.println(
          "cnn-bench: interrupted by "
              + name
              + "; no run was recording results (exit code "
              + ExitCode.INTERRUPTED.code()
              + ")");
      err.flush();
      Runtime.getRuntime().exit(ExitCode.INTERRUPTED.code());
      return;
    }
    Thread watchdog =
        new Thread(
            () -> {
              try {
                Thread.sleep(CLEANUP_LIMIT.toMillis());
              } catch (InterruptedException e) {
                return;
              }
              exitNow(
                  "the run did not stop within "
                      + CLEANUP_LIMIT.toSeconds()
                      + " s of "
                      + name
                      + ": exiting");
            },
            "interrupt-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }

  /** Exits at once, saying what is on disk; a run folder without results is removed first. */
  private static void exitNow(String what) {
    stopChildren();
    String kept = "";
    if (activeRun != null && measuring) {
      kept = "; finished rows are on disk; continue with: " + resumeCommand;
    } else if (activeRun != null) {
      kept =
          "; no trial had started: "
              + removeFolder(activeRunDir)
              + "; start the run again with the same"
              + " command";
    }
    err.println("cnn-bench: " + what + kept + " (exit code " + ExitCode.INTERRUPTED.code() + ")");
    err.flush();
    Runtime.getRuntime().halt(ExitCode.INTERRUPTED.code());
  }

  /**
   * @return what became of a run folder without results: removed, or why not
   */
  private static String removeFolder(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
      return "the run folder " + dir + " is removed";
    } catch (IOException | RuntimeException e) {
      return "the run folder " + dir + " holds no result (could not remove it: " + e + ")";
    }
  }

  /** Kills every process this JVM started, with their descendants: trials, workers, probes. */
  static void stopChildren() {
    ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
  }

  /**
   * @param runId a run
   * @param options its options
   * @return {@code mvn -q exec:java -Dresume=RUN}, with {@code -Dresults.dir} when the run was
   *     given one
   */
  static String resumeCommand(String runId, BenchOptions options) {
    return "mvn -q exec:java -Dresume="
        + runId
        + (options.given().containsKey("results.dir")
            ? " -Dresults.dir=" + options.resultsDir().toAbsolutePath().normalize()
            : "");
  }
}
