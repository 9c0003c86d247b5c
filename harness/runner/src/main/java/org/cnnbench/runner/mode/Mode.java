package org.cnnbench.runner.mode;

import java.io.IOException;
import org.cnnbench.runner.ExitCode;

/**
 * What an invocation does once its options are parsed and checked: one implementation per kind of
 * {@code -Dbench=} verb ({@link Verb}). Training on datasets, {@code parity}, {@code threads} and
 * {@code jmh} are runs ({@link RunMode}); {@code list}, {@code report}/{@code compare} and {@code
 * merge} have modes of their own.
 */
public interface Mode {

  /**
   * @param invocation the options, the selected adapters and where output goes
   * @return how it ended
   * @throws IOException if results or reports cannot be read or written
   * @throws InterruptedException if interrupted
   */
  ExitCode run(Invocation invocation) throws IOException, InterruptedException;
}
