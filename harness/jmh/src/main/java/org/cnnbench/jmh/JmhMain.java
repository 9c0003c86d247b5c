package org.cnnbench.jmh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cnnbench.results.MessageType;
import org.cnnbench.text.Splits;
import org.cnnbench.trial.Protocol;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.util.Statistics;

/**
 * The JMH host JVM the runner forks for one framework: runs each {@link StepBenchmarks} method
 * through JMH's Java API ({@link Runner}, {@link OptionsBuilder} on top of the runner's options
 * parsed by JMH's own {@link CommandLineOptions}), sends each {@link RunResult}'s numbers to the
 * runner as a {@link Protocol} line ({@link MessageType#JMH}, or {@link MessageType#JMH_FAILURE}
 * with the reason), and writes every result to a JSON file with JMH's own JSON result format.
 *
 * <p>Arguments: the JSON file, the comma-separated benchmark methods, then JMH command-line options
 * (settings, {@code -p} parameters, {@code -jvmArgsAppend}, and anything from {@code -Djmh.args}).
 * Each benchmark runs in its own {@link Runner#run()} with fail-on-error, so a failing benchmark
 * (an exception, or a fork that dies) stops only itself and its reason comes from JMH's exception;
 * when a fork dies, the last line it printed (JMH streams a fork's output through the {@link
 * OutputFormat}) is added. Exit code 0 when every benchmark ran or failed on its own, 2 when the
 * options are invalid.
 */
public final class JmhMain {

  private JmhMain() {}

  /**
   * @param args JSON file, benchmark methods, JMH options
   * @throws Exception if the JSON file cannot be written
   */
  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: JmhMain <json file> <method,method,...> [JMH options]");
      System.exit(2);
    }
    CommandLineOptions cli;
    try {
      cli = new CommandLineOptions(Arrays.copyOfRange(args, 2, args.length));
    } catch (CommandLineOptionException e) {
      System.err.println("JMH rejected the options: " + e.getMessage());
      System.exit(2);
      return;
    }
    // Protocol lines share stdout with JMH's own output: one stream, each line after a line break.
    PrintStream protocol = System.out;
    // JMH prints what a fork writes to its stdout and stderr on this JVM's System.out and
    // System.err:
    // remember the last line, the best detail there is when a fork dies.
    Tail tail = new Tail();
    System.setOut(new PrintStream(new TeeStream(protocol, tail), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(new TeeStream(System.err, tail), true, StandardCharsets.UTF_8));
    List<RunResult> all = new ArrayList<>();
    for (String method : Splits.dropTrailingEmpty(args[1], ",")) {
      Options options =
          new OptionsBuilder()
              .parent(cli)
              .include(
                  "^" + StepBenchmarks.class.getName().replace(".", "\\.") + "\\." + method + "$")
              .shouldFailOnError(true)
              .build();
      LastForkLine out =
          new LastForkLine(
              OutputFormatFactory.createFormatInstance(
                  protocol, cli.verbosity().orElse(VerboseMode.NORMAL)),
              tail);
      try {
        Collection<RunResult> results = new Runner(options, out).run();
        if (results.isEmpty()) {
          ranNothing(protocol, method);
        }
        for (RunResult r : results) {
          all.add(r);
          protocol.println();
          protocol.println(Protocol.encode(MessageType.JMH, fields(method, r)));
        }
      } catch (NoBenchmarksException e) {
        ranNothing(protocol, method); // JMH's way of saying an exclude in -Djmh.args removed it
      } catch (RunnerException e) {
        protocol.println();
        protocol.println(
            Protocol.encode(
                MessageType.JMH_FAILURE,
                Map.of("benchmark", method, "reason", reason(e, out.last()))));
      }
    }
    ResultFormatFactory.getInstance(ResultFormatType.JSON, args[0]).writeOut(all);
    protocol.flush();
    System.exit(0);
  }

  /** A benchmark that JMH did not run because the include or exclude patterns removed it. */
  private static void ranNothing(PrintStream protocol, String method) {
    protocol.println();
    protocol.println(
        Protocol.encode(
            MessageType.JMH_FAILURE,
            Map.of(
                "benchmark",
                method,
                "reason",
                "JMH ran nothing for " + method + " (an include or exclude in -Djmh.args?)")));
  }

  /**
   * The numbers of one result, as protocol fields; numbers in Java's locale-independent {@link
   * Double#toString} form.
   *
   * @param method the benchmark method
   * @param r its result (all forks merged)
   * @return the fields
   */
  static Map<String, String> fields(String method, RunResult r) {
    BenchmarkParams params = r.getParams();
    Result<?> primary = r.getPrimaryResult();
    Statistics s = primary.getStatistics();
    Map<String, String> f = new LinkedHashMap<>();
    f.put("benchmark", method);
    for (String key : params.getParamsKeys()) {
      f.put("param." + key, params.getParam(key));
    }
    f.put("mode", params.getMode().shortLabel());
    f.put("unit", primary.getScoreUnit());
    f.put("samples", String.valueOf(s.getN()));
    f.put("median", String.valueOf(s.getPercentile(50)));
    f.put("p99", String.valueOf(s.getPercentile(99)));
    f.put("mean", String.valueOf(primary.getScore()));
    f.put("error", String.valueOf(primary.getScoreError()));
    return f;
  }

  /** The innermost cause's message, plus the fork's last line when the fork died. */
  static String reason(Throwable e, String lastForkLine) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    for (Throwable s : root.getSuppressed()) {
      root = s;
    }
    String message = root.getMessage() == null ? root.toString() : root.getMessage();
    if (message.startsWith("Forked VM failed")) {
      message = "forked VM failed" + message.substring("Forked VM failed".length());
      if (lastForkLine != null) {
        message +=
            ": "
                + (lastForkLine.length() > 200
                    ? lastForkLine.substring(0, 200) + "..."
                    : lastForkLine);
      }
      return message;
    }
    return root.getClass().getName() + ": " + message;
  }

  /** The last non-blank line of what forks printed, fed byte by byte. */
  static final class Tail {
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private String last;

    synchronized void feed(int b) {
      if (b == '\n') {
        String l = line.toString(StandardCharsets.UTF_8).strip();
        if (!l.isEmpty()) {
          last = l;
        }
        line.reset();
      } else {
        line.write(b);
      }
    }

    synchronized void reset() {
      last = null;
      line.reset();
    }

    /**
     * @return the last complete or partial non-blank line, or null
     */
    synchronized String last() {
      String partial = line.toString(StandardCharsets.UTF_8).strip();
      return partial.isEmpty() ? last : partial;
    }
  }

  /** Writes through to a stream and feeds a {@link Tail}. */
  static final class TeeStream extends OutputStream {
    private final OutputStream target;
    private final Tail tail;

    TeeStream(OutputStream target, Tail tail) {
      this.target = target;
      this.tail = tail;
    }

    @Override
    public void write(int b) throws IOException {
      target.write(b);
      tail.feed(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      target.write(b, off, len);
      for (int i = off; i < off + len; i++) {
        tail.feed(b[i] & 0xff);
      }
    }

    @Override
    public void flush() throws IOException {
      target.flush();
    }
  }

  /**
   * Passes everything to JMH's text output; a fork's raw stdout and stderr, which JMH hands to
   * {@link #write}, also feed the {@link Tail}, which is reset when a benchmark starts.
   */
  static final class LastForkLine implements OutputFormat {
    private final OutputFormat delegate;
    private final Tail tail;

    LastForkLine(OutputFormat delegate, Tail tail) {
      this.delegate = delegate;
      this.tail = tail;
    }

    /**
     * @return the last non-blank line a fork printed, or null
     */
    String last() {
      return tail.last();
    }

    @Override
    public void write(int b) {
      delegate.write(b);
      tail.feed(b);
    }

    @Override
    public void write(byte[] b) throws IOException {
      delegate.write(b);
      for (byte x : b) {
        tail.feed(x & 0xff);
      }
    }

    @Override
    public void iteration(BenchmarkParams p, org.openjdk.jmh.infra.IterationParams i, int n) {
      delegate.iteration(p, i, n);
    }

    @Override
    public void iterationResult(
        BenchmarkParams p,
        org.openjdk.jmh.infra.IterationParams i,
        int n,
        org.openjdk.jmh.results.IterationResult r) {
      delegate.iterationResult(p, i, n, r);
    }

    @Override
    public void startBenchmark(BenchmarkParams p) {
      tail.reset();
      delegate.startBenchmark(p);
    }

    @Override
    public void endBenchmark(org.openjdk.jmh.results.BenchmarkResult r) {
      delegate.endBenchmark(r);
    }

    @Override
    public void startRun() {
      delegate.startRun();
    }

    @Override
    public void endRun(Collection<RunResult> r) {
      delegate.endRun(r);
    }

    @Override
    public void print(String s) {
      delegate.print(s);
    }

    @Override
    public void println(String s) {
      delegate.println(s);
    }

    @Override
    public void flush() {
      delegate.flush();
    }

    @Override
    public void close() {
      delegate.close();
    }

    @Override
    public void verbosePrintln(String s) {
      delegate.verbosePrintln(s);
    }
  }
}
