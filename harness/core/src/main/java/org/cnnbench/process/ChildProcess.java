package org.cnnbench.process;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A running child process started from a {@link ChildSpec}: its standard streams, its process tree,
 * a kill of the whole tree, and its {@link ChildResult} once it ends. Its timeout is enforced from
 * the start whether or not anyone waits, so a long-lived worker that stops answering is killed too.
 */
public final class ChildProcess {

  /** How long a killed child and its output readers get to finish before the result is taken. */
  static final Duration KILL_GRACE = Duration.ofSeconds(30);

  /** Bytes read from the end of a log file for its last lines. */
  private static final int LOG_TAIL_BYTES = 256 * 1024;

  private final ChildSpec spec;
  private final LineListener listener;
  private final Process process;
  private final long startNanos;
  private final List<Thread> readers = new ArrayList<>();
  private final Deque<String> tail = new ArrayDeque<>();
  private final StringBuilder captured;
  private final BufferedWriter logWriter;
  private final Thread watchdog;
  private final Object killLock = new Object();
  private ExitReason endedBy;
  private volatile RuntimeException listenerFailure;
  private ChildResult result;

  private ChildProcess(ChildSpec spec, LineListener listener, boolean capture) throws IOException {
    this.spec = spec;
    this.listener = listener;
    this.captured = capture ? new StringBuilder() : null;
    Path log = spec.log().orElse(null);
    BufferedWriter writer = null;
    if (log != null) {
      try {
        Files.writeString(
            log, "# " + String.join(" ", spec.command()) + "\n", StandardCharsets.UTF_8);
        if (spec.stdout() == Output.LINES || spec.stderr() == Output.LINES) {
          writer = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        }
      } catch (IOException e) {
        throw new ChildLogException(log, e);
      }
    }
    this.logWriter = writer;
    ProcessBuilder pb = new ProcessBuilder(spec.command());
    spec.workingDirectory().ifPresent(dir -> pb.directory(dir.toFile()));
    Map<String, String> env = pb.environment();
    spec.removedEnvironment().forEach(env::remove);
    env.putAll(spec.environment());
    spec.environmentDefaults().forEach(env::putIfAbsent);
    pb.redirectOutput(redirect(spec.stdout(), log));
    if (spec.stderr() == Output.MERGE) {
      pb.redirectErrorStream(true);
    } else {
      pb.redirectError(redirect(spec.stderr(), log));
    }
    this.startNanos = System.nanoTime();
    try {
      this.process = pb.start();
    } catch (IOException | RuntimeException e) {
      if (writer != null) {
        writer.close();
      }
      throw e;
    }
    if (capture) {
      closeStdin();
    }
    if (spec.stdout() == Output.LINES) {
      startReader(process.getInputStream(), LineListener.Source.STDOUT);
    }
    if (spec.stderr() == Output.LINES) {
      startReader(process.getErrorStream(), LineListener.Source.STDERR);
    }
    Duration limit = spec.timeout().orElse(null);
    if (limit != null) {
      watchdog =
          new Thread(
              () -> {
                try {
                  if (!process.waitFor(limit.toNanos(), TimeUnit.NANOSECONDS)) {
                    timeOut();
                  }
                } catch (InterruptedException e) {
                  // cancelled: the result is taken or the timeout lifted
                }
              },
              spec.name() + "-timeout");
      watchdog.setDaemon(true);
      watchdog.start();
    } else {
      watchdog = null;
    }
  }

  /**
   * Starts a child; every line of a stream handled as {@link Output#LINES} is logged and kept.
   *
   * @param spec what to run
   * @return the running child
   * @throws ChildLogException if the log file cannot be written (nothing is started)
   * @throws IOException if the program cannot be started
   */
  public static ChildProcess start(ChildSpec spec) throws IOException {
    return start(spec, LineListener.none());
  }

  /**
   * Starts a child whose {@link Output#LINES} streams go to a listener first. A listener that
   * throws ends the child: its tree is killed ({@link ExitReason#KILLED}), its output is no longer
   * read, and {@link #listenerFailure()} holds the exception.
   *
   * @param spec what to run
   * @param listener receives each line and says whether it consumed it
   * @return the running child
   * @throws ChildLogException if the log file cannot be written (nothing is started)
   * @throws IOException if the program cannot be started
   */
  public static ChildProcess start(ChildSpec spec, LineListener listener) throws IOException {
    return new ChildProcess(spec, listener, false);
  }

  /**
   * Runs a short command to its end, its standard input closed, and captures what it prints on the
   * streams handled as {@link Output#LINES} (standard error too with {@link Output#MERGE}).
   *
   * @param spec what to run; give it a timeout unless the command cannot hang
   * @return the result, {@link ChildResult#output()} holding the lines; {@link
   *     ExitReason#FAILED_TO_START} with the reason in {@link ChildResult#detail()} when it cannot
   *     be started
   * @throws InterruptedException if interrupted while waiting (the child is killed)
   */
  public static ChildResult capture(ChildSpec spec) throws InterruptedException {
    ChildProcess child;
    try {
      child = new ChildProcess(spec, LineListener.none(), true);
    } catch (IOException e) {
      return new ChildResult(
          ExitReason.FAILED_TO_START,
          -1,
          Duration.ZERO,
          List.of(),
          "",
          e.getMessage() == null ? e.toString() : e.getMessage());
    }
    return child.waitFor();
  }

  private static ProcessBuilder.Redirect redirect(Output output, Path log) {
    return switch (output) {
      case LINES, PIPE -> ProcessBuilder.Redirect.PIPE;
      case LOG -> ProcessBuilder.Redirect.appendTo(log.toFile());
      case INHERIT -> ProcessBuilder.Redirect.INHERIT;
      case DISCARD -> ProcessBuilder.Redirect.DISCARD;
      case MERGE -> throw new IllegalArgumentException("MERGE is for standard error only");
    };
  }

  private void startReader(InputStream in, LineListener.Source source) {
    Thread reader =
        new Thread(
            () -> read(in, source), spec.name() + "-" + source.name().toLowerCase(Locale.ROOT));
    reader.setDaemon(true);
    readers.add(reader);
    reader.start();
  }

  private void read(InputStream in, LineListener.Source source) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        boolean consumed;
        try {
          consumed = listener.onLine(source, line);
        } catch (RuntimeException e) {
          listenerFailure = e;
          kill();
          return;
        }
        if (!consumed) {
          keep(line);
        }
      }
    } catch (IOException e) {
      // the process is gone; its exit status tells the rest
    }
  }

  private void keep(String line) {
    if (logWriter != null) {
      synchronized (logWriter) {
        try {
          logWriter.write(line);
          logWriter.newLine();
          logWriter.flush();
        } catch (IOException e) {
          // e.g. a full disk: the output is still read, so the child never blocks on it
        }
      }
    }
    synchronized (tail) {
      if (captured != null) {
        captured.append(line).append('\n');
      }
      if (logWriter == null) {
        String kept = forTail(line);
        if (kept != null) {
          tail.addLast(kept);
          while (tail.size() > spec.tailLines()) {
            tail.removeFirst();
          }
        }
      }
    }
  }

  /**
   * @return the line as kept among the last lines, or null when it is blank or a {@code #} line
   */
  private String forTail(String line) {
    String l = line.strip();
    if (l.isEmpty() || l.startsWith("#")) {
      return null;
    }
    int max = spec.tailLineLength();
    return max > 0 && l.length() > max ? l.substring(0, max) + "..." : l;
  }

  /**
   * @return the spec this child was started from
   */
  public ChildSpec spec() {
    return spec;
  }

  /**
   * @return the child's process id
   */
  public long pid() {
    return process.pid();
  }

  /**
   * @return the ids of the child and of every process it started that is still alive
   */
  public Set<Long> pids() {
    Set<Long> pids = new LinkedHashSet<>();
    pids.add(process.pid());
    process.descendants().forEach(h -> pids.add(h.pid()));
    return pids;
  }

  /**
   * @return whether the child is still running
   */
  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * @param limit how long to wait
   * @return whether the child has ended
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean awaitExit(Duration limit) throws InterruptedException {
    return process.waitFor(limit.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * @return the exit status of an ended child
   * @throws IllegalThreadStateException if it is still running
   */
  public int exitValue() {
    return process.exitValue();
  }

  /**
   * @return the child's standard input
   */
  public OutputStream stdin() {
    return process.getOutputStream();
  }

  /**
   * @return the child's standard output
   * @throws IllegalStateException unless the spec's standard output is {@link Output#PIPE}
   */
  public InputStream stdout() {
    if (spec.stdout() != Output.PIPE) {
      throw new IllegalStateException("standard output is " + spec.stdout() + ", not PIPE");
    }
    return process.getInputStream();
  }

  /**
   * @return the child's standard error
   * @throws IllegalStateException unless the spec's standard error is {@link Output#PIPE}
   */
  public InputStream stderr() {
    if (spec.stderr() != Output.PIPE) {
      throw new IllegalStateException("standard error is " + spec.stderr() + ", not PIPE");
    }
    return process.getErrorStream();
  }

  /** Closes the child's standard input (a worker's signal to finish); an error means it is gone. */
  public void closeStdin() {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // the child is gone already
    }
  }

  /**
   * @return the exception a line listener threw, which ended the child; null if none did
   */
  public RuntimeException listenerFailure() {
    return listenerFailure;
  }

  /** Lifts the timeout (e.g. once a worker has answered its handshake). */
  public void cancelTimeout() {
    if (watchdog != null) {
      watchdog.interrupt();
    }
  }

  /** Kills the child's whole process tree now ({@link ExitReason#KILLED} unless it had ended). */
  public void kill() {
    synchronized (killLock) {
      if (endedBy == null && process.isAlive()) {
        endedBy = ExitReason.KILLED;
      }
    }
    killTree();
  }

  private void timeOut() {
    synchronized (killLock) {
      if (endedBy != null || !process.isAlive()) {
        return;
      }
      endedBy = isStopped(process.pid()) ? ExitReason.STOPPED : ExitReason.TIMED_OUT;
    }
    killTree();
  }

  private void killTree() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  /**
   * @return whether Linux reports the process stopped (state {@code T} or {@code t})
   */
  static boolean isStopped(long pid) {
    Path stat = Path.of("/proc", String.valueOf(pid), "stat");
    try {
      String s = Files.readString(stat, StandardCharsets.US_ASCII);
      // the state follows the command name, which is in parentheses and may hold spaces
      int close = s.lastIndexOf(')');
      char state = s.charAt(close + 2);
      return state == 'T' || state == 't';
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Waits for the child to end (its timeout, if any, still applies), then for its output to be
   * read. Interrupted, it kills the child's tree and rethrows.
   *
   * @return how it ended
   * @throws InterruptedException if interrupted while waiting
   */
  public synchronized ChildResult waitFor() throws InterruptedException {
    if (result != null) {
      return result;
    }
    try {
      Duration limit = spec.timeout().orElse(null);
      if (limit != null) {
        long left = startNanos + limit.toNanos() - System.nanoTime();
        if (!process.waitFor(Math.max(0, left), TimeUnit.NANOSECONDS)) {
          timeOut();
        }
      }
      if (ended()) {
        process.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      } else {
        process.waitFor();
      }
      long until = System.nanoTime() + KILL_GRACE.toNanos();
      for (Thread reader : readers) {
        reader.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime())));
      }
    } catch (InterruptedException e) {
      kill();
      throw e;
    }
    result = finish();
    return result;
  }

  /**
   * Ends a long-lived worker: closes its standard input, gives it time to leave, then kills its
   * tree. Interrupted, it kills the tree at once and returns with the thread's interrupt status
   * set.
   *
   * @param grace how long the worker may take to leave by itself
   * @return how it ended
   */
  public ChildResult stop(Duration grace) {
    closeStdin();
    try {
      if (!process.waitFor(grace.toNanos(), TimeUnit.NANOSECONDS)) {
        kill();
      }
      return waitFor();
    } catch (InterruptedException e) {
      kill();
      Thread.currentThread().interrupt();
      synchronized (this) {
        if (result == null) {
          result = finish();
        }
        return result;
      }
    }
  }

  private boolean ended() {
    synchronized (killLock) {
      return endedBy != null;
    }
  }

  private ChildResult finish() {
    Duration wall = Duration.ofNanos(System.nanoTime() - startNanos);
    cancelTimeout();
    if (logWriter != null) {
      synchronized (logWriter) {
        try {
          logWriter.close();
        } catch (IOException e) {
          // what could be written is there
        }
      }
    }
    ExitReason reason;
    synchronized (killLock) {
      reason = endedBy != null ? endedBy : ExitReason.EXITED;
    }
    int code = process.isAlive() ? -1 : process.exitValue();
    String output;
    synchronized (tail) {
      output = captured == null ? "" : captured.toString();
    }
    return new ChildResult(reason, code, wall, lastLines(), output, "");
  }

  /**
   * The output's last lines so far: non-blank, stripped, without {@code #} lines, each cut to the
   * spec's length; read from the log file when the spec has one (all it holds, including output the
   * operating system wrote there), else from the {@link Output#LINES} streams. Once the child has
   * ended, its output readers get up to a second to finish first.
   *
   * @return at most {@link ChildSpec#tailLines()} lines, oldest first; one line {@code "(log
   *     unreadable: ...)"} when the log cannot be read
   */
  public List<String> lastLines() {
    if (!process.isAlive()) {
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
      for (Thread reader : readers) {
        try {
          reader.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime())));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    Path log = spec.log().orElse(null);
    if (log == null) {
      synchronized (tail) {
        return List.copyOf(tail);
      }
    }
    try {
      return logTail(log);
    } catch (IOException e) {
      return List.of("(log unreadable: " + e.getMessage() + ")");
    }
  }

  private List<String> logTail(Path log) throws IOException {
    byte[] bytes;
    boolean fromStart;
    try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
      long length = f.length();
      long from = Math.max(0, length - LOG_TAIL_BYTES);
      bytes = new byte[(int) (length - from)];
      f.seek(from);
      f.readFully(bytes);
      fromStart = from == 0;
    }
    List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
    Deque<String> last = new ArrayDeque<>();
    // a read that starts inside the file starts inside a line: that partial line is left out
    int first = fromStart ? 0 : 1;
    for (int i = lines.size() - 1; i >= first && last.size() < spec.tailLines(); i--) {
      String kept = forTail(lines.get(i));
      if (kept != null) {
        last.addFirst(kept);
      }
    }
    return List.copyOf(last);
  }
}
