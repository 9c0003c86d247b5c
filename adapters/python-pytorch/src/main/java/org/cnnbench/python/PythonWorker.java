package org.cnnbench.python;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.cnnbench.process.ChildProcess;
import org.cnnbench.process.ChildSpec;
import org.cnnbench.process.Output;
import org.cnnbench.process.Signals;

/**
 * The Python worker process and the memory-mapped file it shares with this JVM. Commands are one
 * line on the worker's stdin, answers one line on its stdout ({@code ok key=value ...} or {@code
 * err message}); arrays travel through the shared file. A worker that dies, answers garbage or
 * reports an error becomes an {@link IllegalStateException} carrying the last lines of its stderr.
 */
final class PythonWorker implements AutoCloseable {

  /** The worker script inside this jar. */
  static final String SCRIPT_RESOURCE = "/org/cnnbench/python/cnnbench_worker.py";

  /** Lines of the worker's stderr kept for error messages. */
  private static final int STDERR_LINES = 20;

  private final Path scratch;
  private final Path sharedPath;
  private final ChildProcess process;
  private final BufferedWriter commands;
  private final BufferedReader answers;
  private final Map<String, String> hello;
  private RandomAccessFile sharedFile;
  private MappedByteBuffer shared;
  private boolean broken;

  /**
   * Extracts the worker into a fresh folder inside the session's scratch folder, creates the shared
   * file and starts the worker.
   *
   * @param interpreter the Python to run
   * @param threads intra-op threads
   * @param device {@code cpu} or {@code gpu}
   * @param sessionScratch the scratch folder the harness gave the session (in memory where it can)
   */
  PythonWorker(String interpreter, int threads, String device, Path sessionScratch) {
    try {
      scratch = Files.createTempDirectory(sessionScratch, "worker-");
      Path script = scratch.resolve("cnnbench_worker.py");
      try (InputStream in = PythonWorker.class.getResourceAsStream(SCRIPT_RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(
              "the jar has no " + SCRIPT_RESOURCE + "; rebuild with 'mvn -DskipTests install'");
        }
        Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
      }
      sharedPath = scratch.resolve("shared.bin");
      sharedFile = new RandomAccessFile(sharedPath.toFile(), "rw");
      map(1 << 20);
      ChildSpec spec =
          ChildSpec.builder()
              .setCommand(
                  interpreter,
                  "-u",
                  script.toString(),
                  sharedPath.toString(),
                  scratch.toString(),
                  String.valueOf(threads),
                  device)
              .optEnvironment("OMP_NUM_THREADS", String.valueOf(threads))
              .optEnvironment("MKL_NUM_THREADS", String.valueOf(threads))
              .optEnvironment("PYTHONDONTWRITEBYTECODE", "1")
              // the worker leaves as soon as this JVM is no longer its parent (killed by a timeout,
              // kill -9)
              .optEnvironment("CNNBENCH_PARENT_PID", String.valueOf(ProcessHandle.current().pid()))
              // commands and answers over stdin/stdout; stderr copied to this JVM's, its last lines
              // kept
              .optStdout(Output.PIPE)
              .optStderr(Output.LINES)
              .optTailLines(STDERR_LINES, 0)
              .optName("python-worker")
              .build();
      process =
          ChildProcess.start(
              spec,
              (source, line) -> {
                System.err.println("[python-worker] " + line);
                return false;
              });
    } catch (IOException e) {
      deleteScratch();
      throw new UncheckedIOException("cannot start the Python worker with " + interpreter, e);
    } catch (RuntimeException e) {
      deleteScratch();
      throw e;
    }
    commands = new BufferedWriter(new OutputStreamWriter(process.stdin(), StandardCharsets.UTF_8));
    answers = new BufferedReader(new InputStreamReader(process.stdout(), StandardCharsets.UTF_8));
    try {
      hello = read("start");
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * @return what the worker said when it started: versions, build flags, device
   */
  Map<String, String> hello() {
    return hello;
  }

  /**
   * @return the worker's folder in the session's scratch folder, removed at close
   */
  Path scratch() {
    return scratch;
  }

  /**
   * @return the worker's process id
   */
  long pid() {
    return process.pid();
  }

  /**
   * @return the worker's last stderr lines, one string
   */
  String stderrTail() {
    // a dying worker's last words: its lines are read before they are taken (lastLines waits for
    // that)
    try {
      process.awaitExit(Duration.ofMillis(200));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<String> tail = process.lastLines();
    return tail.isEmpty() ? "(no stderr)" : String.join(" | ", tail);
  }

  private void map(long bytes) throws IOException {
    sharedFile.setLength(bytes);
    MappedByteBuffer old = shared;
    shared = sharedFile.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, bytes);
    unmap(old);
  }

  /**
   * Makes the shared file hold at least a number of bytes.
   *
   * @param bytes needed size
   */
  void ensureCapacity(long bytes) {
    if (bytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("a batch of " + bytes + " bytes does not fit one mapping");
    }
    if (shared.capacity() < bytes) {
      try {
        map(Math.max(bytes, Math.min(Integer.MAX_VALUE, 2L * shared.capacity())));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot grow " + sharedPath, e);
      }
    }
  }

  /**
   * @param offset byte offset
   * @param count floats
   * @return a little-endian float view of the shared file
   */
  FloatBuffer floats(long offset, int count) {
    return slice(offset, 4L * count).asFloatBuffer();
  }

  /**
   * @param offset byte offset
   * @param count ints
   * @return a little-endian int view of the shared file
   */
  IntBuffer ints(long offset, int count) {
    return slice(offset, 4L * count).asIntBuffer();
  }

  private ByteBuffer slice(long offset, long bytes) {
    ensureCapacity(offset + bytes);
    return shared.slice((int) offset, (int) bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * Sends one command and reads its answer.
   *
   * @param words the command and its arguments
   * @return the answer's fields
   * @throws IllegalStateException if the worker reports an error, dies or answers garbage
   */
  Map<String, String> call(String... words) {
    return call(List.of(words));
  }

  /**
   * Sends one command and reads its answer.
   *
   * @param words the command and its arguments
   * @return the answer's fields
   */
  synchronized Map<String, String> call(List<String> words) {
    if (broken) {
      throw new IllegalStateException(
          "the Python worker failed earlier; its last stderr: " + stderrTail());
    }
    try {
      commands.write(String.join(" ", words));
      commands.write('\n');
      commands.flush();
    } catch (IOException e) {
      broken = true;
      throw new IllegalStateException(
          "the Python worker is gone ("
              + exitDescription()
              + ") before '"
              + words.get(0)
              + "'; its last stderr: "
              + stderrTail(),
          e);
    }
    return read(words.get(0));
  }

  private Map<String, String> read(String command) {
    String line;
    try {
      line = answers.readLine();
    } catch (IOException e) {
      line = null;
    }
    if (line == null) {
      broken = true;
      throw new IllegalStateException(
          "the Python worker died during '"
              + command
              + "' ("
              + exitDescription()
              + "); its last stderr: "
              + stderrTail());
    }
    if (line.startsWith("err ") || line.equals("err")) {
      String message =
          URLDecoder.decode(line.substring(Math.min(4, line.length())), StandardCharsets.UTF_8);
      throw new IllegalStateException(
          "the Python worker failed '"
              + command
              + "': "
              + message
              + "; its last stderr: "
              + stderrTail());
    }
    if (!line.equals("ok") && !line.startsWith("ok ")) {
      broken = true;
      String shown = line.length() > 200 ? line.substring(0, 200) + "..." : line;
      process.kill();
      throw new IllegalStateException(
          "the Python worker answered '"
              + command
              + "' with garbage: '"
              + shown
              + "'; its last stderr: "
              + stderrTail());
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (String part : line.substring(2).trim().split(" ", -1)) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        fields.put(
            part.substring(0, eq),
            URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return fields;
  }

  private String exitDescription() {
    try {
      if (process.awaitExit(Duration.ofSeconds(2))) {
        return Signals.describeExit(process.exitValue());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return "still running";
  }

  /**
   * Ends the worker (stdin closed, then killed after 5 s) and deletes the shared file and script.
   */
  @Override
  public void close() {
    try {
      commands.close();
    } catch (IOException | RuntimeException e) {
      // already gone
    }
    process.stop(Duration.ofSeconds(5));
    try {
      sharedFile.close();
    } catch (IOException e) {
      // nothing left to release
    }
    unmap(shared);
    shared = null;
    deleteScratch();
  }

  private void deleteScratch() {
    if (scratch == null || !Files.exists(scratch)) {
      return;
    }
    try (Stream<Path> files = Files.walk(scratch)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // best effort; the worker removes its folder too
    }
  }

  /** Releases a mapping now instead of at some later garbage collection. */
  private static void unmap(MappedByteBuffer buffer) {
    if (buffer == null) {
      return;
    }
    try {
      Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
      Field f = unsafeClass.getDeclaredField("theUnsafe");
      f.setAccessible(true);
      Object unsafe = f.get(null);
      unsafeClass.getMethod("invokeCleaner", ByteBuffer.class).invoke(unsafe, buffer);
    } catch (ReflectiveOperationException | RuntimeException e) {
      // left to the garbage collector
    }
  }
}
