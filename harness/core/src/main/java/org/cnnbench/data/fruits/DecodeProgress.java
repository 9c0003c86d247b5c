package org.cnnbench.data.fruits;

import java.nio.file.Path;
import java.util.Locale;
import org.cnnbench.host.Terminal;

/**
 * Progress of a decode-cache build on standard error: a line rewritten in place on a terminal,
 * plain lines every 10 seconds otherwise (CI logs, trial logs), and one summary line at the end.
 */
final class DecodeProgress {

  private final String what;
  private final int total;
  private final int threads;
  private final boolean terminal = Terminal.attached();
  private final long start = System.nanoTime();
  private long lastPrint = start;

  DecodeProgress(String what, int total, int threads) {
    this.what = what;
    this.total = total;
    this.threads = threads;
  }

  void update(int done) {
    long now = System.nanoTime();
    long every = terminal ? 500_000_000L : 10_000_000_000L;
    if (now - lastPrint < every || done == total) {
      return;
    }
    lastPrint = now;
    double seconds = (now - start) / 1e9;
    double rate = done / Math.max(seconds, 1e-9);
    String line =
        String.format(
            Locale.ROOT,
            "decoding %s: %d/%d (%d%%), %.0f img/s on %d thread(s)," + " about %.0f s left",
            what,
            done,
            total,
            100L * done / Math.max(1, total),
            rate,
            threads,
            (total - done) / Math.max(rate, 1e-9));
    if (terminal) {
      System.err.print("\r" + line + "   ");
    } else {
      System.err.println(line);
    }
  }

  void finish(Path file, String record) {
    System.err.println(
        (terminal ? "\r" : "") + "decode cache " + file.getFileName() + ": " + record);
  }
}
