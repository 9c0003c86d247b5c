package org.cnnbench.host;

import java.io.Console;
import java.lang.reflect.Method;

/**
 * Whether this JVM talks to an interactive terminal, the same answer on JDK 17 and on JDK 22 and
 * newer.
 */
public final class Terminal {
  private Terminal() {}

  /**
   * Up to JDK 21 {@link System#console()} is null unless standard input and output are a terminal;
   * from JDK 22 on it is never null and {@code Console.isTerminal()} (asked reflectively, since the
   * code is compiled for 17) gives the answer.
   *
   * @return true when standard input and output are an interactive terminal
   */
  public static boolean attached() {
    @SuppressWarnings(
        "SystemConsoleNull") // null means no terminal up to JDK 21; isTerminal() is asked after
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (ReflectiveOperationException e) {
      return true; // before JDK 22 a console exists only for a terminal
    }
  }
}
