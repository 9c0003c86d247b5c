package org.cnnbench.runner.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.cnnbench.runner.OptionException;

/**
 * A run folder, {@code <results.dir>/<run-id>}, in one place: its id ({@code yyyyMMdd-HHmmss} in
 * UTC, then a suffix such as {@code -shard2of4} or {@code -merged}, then {@code -2}, {@code -3},
 * ... if taken), the files it holds, and the lock that keeps one runner per folder: an OS file lock
 * on {@code run.lock}, held while the run writes, released by the OS when the runner dies.
 */
public final class RunFolder implements AutoCloseable {

  /**
   * The options of the run, read back by {@code -Dresume}, {@code -Dbench=merge} and the estimates.
   */
  public static final String OPTIONS = "run.properties";

  /** The run's provenance: one key,value row per fact. */
  public static final String ENVIRONMENT = "environment.csv";

  /** The folder of each trial's configuration and log. */
  public static final String TRIALS = "trials";

  /** The lock file in a run folder; it holds the pid of the runner that holds it. */
  static final String LOCK = "run.lock";

  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

  private final FileChannel channel;
  private final FileLock lock;

  private RunFolder(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * @param runDir the run folder
   * @return the held lock
   * @throws OptionException naming the pid of the runner holding it
   * @throws IOException if the lock file cannot be written
   */
  public static RunFolder acquire(Path runDir) throws IOException {
    Path file = runDir.resolve(LOCK);
    FileChannel channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      channel.close();
      String holder;
      try {
        holder = Files.readString(file, StandardCharsets.UTF_8).trim();
      } catch (IOException e) {
        holder = "";
      }
      throw new OptionException(
          "run folder "
              + runDir
              + " is in use by another cnn-bench runner"
              + (holder.isEmpty() ? "" : " (" + holder + ")")
              + "; wait for it to finish, or start a new run"
              + " without -Dresume");
    }
    channel.truncate(0);
    channel.write(
        ByteBuffer.wrap(
            ("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)),
        0);
    channel.force(false);
    return new RunFolder(channel, lock);
  }

  /**
   * Creates the folder of a new run, named for this second.
   *
   * @param resultsDir the results folder
   * @param suffix what follows the time in the id, e.g. {@code -merged}, or ""
   * @return the id of the folder created, which no other run has
   * @throws IOException if no folder can be created
   */
  public static String create(Path resultsDir, String suffix) throws IOException {
    return createRunFolder(resultsDir, LocalDateTime.now(ZoneOffset.UTC).format(ID_TIME) + suffix);
  }

  /**
   * Creates a new run folder atomically: {@code base}, else {@code base-2}, {@code base-3}, ...
   *
   * @param resultsDir the results folder
   * @param base the id wanted, e.g. {@code 20260101-120000}
   * @return the id of the folder created, which no other run has
   * @throws IOException if no folder can be created
   */
  static String createRunFolder(Path resultsDir, String base) throws IOException {
    Files.createDirectories(resultsDir);
    for (int n = 1; ; n++) {
      String id = n == 1 ? base : base + "-" + n;
      try {
        Files.createDirectory(resultsDir.resolve(id));
        return id;
      } catch (FileAlreadyExistsException e) {
        if (n > 10_000) {
          throw e;
        }
      }
    }
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
