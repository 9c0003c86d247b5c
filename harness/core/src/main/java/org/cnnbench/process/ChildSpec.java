package org.cnnbench.process;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a child process runs and how: immutable, built with {@link #builder()} ({@code setX}
 * required, {@code optX} optional).
 */
public final class ChildSpec {

  /** Lines of output kept by default for {@link ChildResult#lastLines()}. */
  public static final int DEFAULT_TAIL_LINES = 3;

  /** Characters kept of each last line by default; a longer line is cut and ends with "...". */
  public static final int DEFAULT_TAIL_LINE_LENGTH = 200;

  private final List<String> command;
  private final String name;
  private final Map<String, String> environment;
  private final Map<String, String> environmentDefaults;
  private final Set<String> removedEnvironment;
  private final Path workingDirectory;
  private final Path log;
  private final Duration timeout;
  private final Output stdout;
  private final Output stderr;
  private final int tailLines;
  private final int tailLineLength;

  private ChildSpec(Builder b) {
    List<String> cmd = new ArrayList<>();
    if (b.program != null) {
      cmd.addAll(b.program);
    } else {
      cmd.add(b.javaExecutable.toString());
      cmd.addAll(b.jvmOptions);
      b.systemProperties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
      cmd.add("-cp");
      cmd.add(String.join(File.pathSeparator, b.classpath));
      cmd.add(b.mainClass);
    }
    cmd.addAll(b.arguments);
    this.command = List.copyOf(cmd);
    this.name =
        b.name != null
            ? b.name
            : b.mainClass != null
                ? b.mainClass.substring(b.mainClass.lastIndexOf('.') + 1)
                : Path.of(b.program.get(0)).getFileName().toString();
    this.environment = Collections.unmodifiableMap(new LinkedHashMap<>(b.environment));
    this.environmentDefaults =
        Collections.unmodifiableMap(new LinkedHashMap<>(b.environmentDefaults));
    this.removedEnvironment =
        Collections.unmodifiableSet(new LinkedHashSet<>(b.removedEnvironment));
    this.workingDirectory = b.workingDirectory;
    this.log = b.log;
    this.timeout = b.timeout;
    this.stdout = b.stdout;
    this.stderr = b.stderr;
    this.tailLines = b.tailLines;
    this.tailLineLength = b.tailLineLength;
  }

  /**
   * @return a builder: {@link Builder#setCommand} or {@link Builder#setJavaMain} is required
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * @return the full command line: the program (or {@code java} with its options) and its arguments
   */
  public List<String> command() {
    return command;
  }

  /**
   * @return a short name for threads and messages: the main class's simple name or the program's
   */
  public String name() {
    return name;
  }

  /**
   * @return variables set in the child, over this JVM's environment
   */
  public Map<String, String> environment() {
    return environment;
  }

  /**
   * @return variables set in the child only where this JVM's environment lacks them
   */
  public Map<String, String> environmentDefaults() {
    return environmentDefaults;
  }

  /**
   * @return variables of this JVM's environment the child does not get
   */
  public Set<String> removedEnvironment() {
    return removedEnvironment;
  }

  /**
   * @return the child's working folder; empty: this JVM's
   */
  public Optional<Path> workingDirectory() {
    return Optional.ofNullable(workingDirectory);
  }

  /**
   * @return the log file: the command line on its first line ({@code # ...}), then the output
   */
  public Optional<Path> log() {
    return Optional.ofNullable(log);
  }

  /**
   * @return how long the child may run before its tree is killed; empty: no limit
   */
  public Optional<Duration> timeout() {
    return Optional.ofNullable(timeout);
  }

  /**
   * @return what happens to standard output
   */
  public Output stdout() {
    return stdout;
  }

  /**
   * @return what happens to standard error
   */
  public Output stderr() {
    return stderr;
  }

  /**
   * @return how many of the output's last lines the result keeps
   */
  public int tailLines() {
    return tailLines;
  }

  /**
   * @return characters kept of each last line (0: all)
   */
  public int tailLineLength() {
    return tailLineLength;
  }

  /** Builds a {@link ChildSpec}. */
  public static final class Builder {
    private List<String> program;
    private String mainClass;
    private List<String> classpath;
    private Path javaExecutable = Path.of(System.getProperty("java.home"), "bin", "java");
    private final List<String> jvmOptions = new ArrayList<>();
    private final Map<String, String> systemProperties = new LinkedHashMap<>();
    private final List<String> arguments = new ArrayList<>();
    private String name;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final Map<String, String> environmentDefaults = new LinkedHashMap<>();
    private final Set<String> removedEnvironment = new LinkedHashSet<>();
    private Path workingDirectory;
    private Path log;
    private Duration timeout;
    private Output stdout = Output.LINES;
    private Output stderr = Output.LINES;
    private int tailLines = DEFAULT_TAIL_LINES;
    private int tailLineLength = DEFAULT_TAIL_LINE_LENGTH;

    private Builder() {}

    /**
     * @param programAndArguments the program (a path or a name looked up on {@code PATH}) and its
     *     first arguments
     * @return this
     */
    public Builder setCommand(List<String> programAndArguments) {
      if (programAndArguments.isEmpty()) {
        throw new IllegalArgumentException("a command needs at least the program");
      }
      this.program = List.copyOf(programAndArguments);
      return this;
    }

    /**
     * @param programAndArguments the program and its first arguments
     * @return this
     */
    public Builder setCommand(String... programAndArguments) {
      return setCommand(List.of(programAndArguments));
    }

    /**
     * Runs a Java main class with this JVM's {@code java} (see {@link #optJavaExecutable}).
     *
     * @param mainClass the fully qualified class name
     * @param classpath the class path entries
     * @return this
     */
    public Builder setJavaMain(String mainClass, List<String> classpath) {
      this.mainClass = Objects.requireNonNull(mainClass);
      this.classpath = List.copyOf(classpath);
      return this;
    }

    /**
     * @param java the {@code java} to run a main class with; default this JVM's
     * @return this
     */
    public Builder optJavaExecutable(Path java) {
      this.javaExecutable = Objects.requireNonNull(java);
      return this;
    }

    /**
     * @param options JVM options ({@code -Xmx4g}, {@code -XX:...}), before the system properties
     * @return this
     */
    public Builder optJvmOptions(List<String> options) {
      jvmOptions.addAll(options);
      return this;
    }

    /**
     * @param key a system property of the child JVM ({@code -Dkey=value})
     * @param value its value
     * @return this
     */
    public Builder optSystemProperty(String key, String value) {
      systemProperties.put(key, value);
      return this;
    }

    /**
     * @param properties system properties of the child JVM, in their order
     * @return this
     */
    public Builder optSystemProperties(Map<String, String> properties) {
      systemProperties.putAll(properties);
      return this;
    }

    /**
     * @param args arguments after the program or main class
     * @return this
     */
    public Builder optArguments(List<String> args) {
      arguments.addAll(args);
      return this;
    }

    /**
     * @param name a short name for threads and messages
     * @return this
     */
    public Builder optName(String name) {
      this.name = name;
      return this;
    }

    /**
     * @param variable an environment variable set in the child
     * @param value its value
     * @return this
     */
    public Builder optEnvironment(String variable, String value) {
      environment.put(variable, value);
      removedEnvironment.remove(variable);
      return this;
    }

    /**
     * @param variables environment variables set in the child
     * @return this
     */
    public Builder optEnvironment(Map<String, String> variables) {
      variables.forEach(this::optEnvironment);
      return this;
    }

    /**
     * @param variable an environment variable set in the child unless this JVM's environment has it
     * @param value its value
     * @return this
     */
    public Builder optEnvironmentDefault(String variable, String value) {
      environmentDefaults.put(variable, value);
      return this;
    }

    /**
     * @param variable an environment variable of this JVM the child does not get
     * @return this
     */
    public Builder optRemoveEnvironment(String variable) {
      removedEnvironment.add(variable);
      environment.remove(variable);
      return this;
    }

    /**
     * @param dir the child's working folder
     * @return this
     */
    public Builder optWorkingDirectory(Path dir) {
      this.workingDirectory = dir;
      return this;
    }

    /**
     * @param file the log: written afresh with the command line, then the output lines the streams
     *     send there ({@link Output#LINES} lines not consumed, {@link Output#LOG})
     * @return this
     */
    public Builder optLog(Path file) {
      this.log = file;
      return this;
    }

    /**
     * @param limit how long the child may run; then its process tree is killed
     * @return this
     */
    public Builder optTimeout(Duration limit) {
      if (limit != null && (limit.isNegative() || limit.isZero())) {
        throw new IllegalArgumentException("a timeout must be positive, not " + limit);
      }
      this.timeout = limit;
      return this;
    }

    /**
     * @param output what happens to standard output; default {@link Output#LINES}
     * @return this
     */
    public Builder optStdout(Output output) {
      if (output == Output.MERGE) {
        throw new IllegalArgumentException(
            "only standard error can be merged (into standard output)");
      }
      this.stdout = Objects.requireNonNull(output);
      return this;
    }

    /**
     * @param output what happens to standard error; default {@link Output#LINES}
     * @return this
     */
    public Builder optStderr(Output output) {
      this.stderr = Objects.requireNonNull(output);
      return this;
    }

    /**
     * @param lines how many of the output's last non-blank lines the result keeps; default 3
     * @param maxLength characters kept of each (0: all); default 200
     * @return this
     */
    public Builder optTailLines(int lines, int maxLength) {
      if (lines < 0 || maxLength < 0) {
        throw new IllegalArgumentException("tail lines and length must be >= 0");
      }
      this.tailLines = lines;
      this.tailLineLength = maxLength;
      return this;
    }

    /**
     * @return the spec
     * @throws IllegalStateException if neither or both of a command and a main class are set, or a
     *     stream goes to a log that is not set
     */
    public ChildSpec build() {
      if ((program == null) == (mainClass == null)) {
        throw new IllegalStateException("set exactly one of setCommand and setJavaMain");
      }
      if (log == null && (stdout == Output.LOG || stderr == Output.LOG)) {
        throw new IllegalStateException("Output.LOG needs optLog(file)");
      }
      return new ChildSpec(this);
    }
  }
}
