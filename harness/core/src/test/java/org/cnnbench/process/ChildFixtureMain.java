package org.cnnbench.process;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A child for {@link ChildProcessTest}: runs its arguments as a little script, one command after
 * the other: {@code out TEXT}, {@code err TEXT}, {@code line N} (a line of N characters), {@code
 * lines N} (N numbered lines of about 100 characters), {@code env NAME}, {@code cwd}, {@code sleep
 * MILLIS}, {@code echo} (answers each input line until the input ends), {@code grandchild PIDFILE}
 * (starts a sleeping JVM and writes its pid), {@code exit CODE}.
 */
public final class ChildFixtureMain {

  private ChildFixtureMain() {}

  public static void main(String[] args) throws Exception {
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "out" -> System.out.println(args[++i]);
        case "err" -> System.err.println(args[++i]);
        case "line" -> System.out.println("x".repeat(Integer.parseInt(args[++i])));
        case "lines" -> {
          int n = Integer.parseInt(args[++i]);
          for (int k = 1; k <= n; k++) {
            System.out.println("line " + k + " " + "y".repeat(90));
          }
        }
        case "env" -> {
          String name = args[++i];
          String value = System.getenv(name);
          System.out.println(name + (value == null ? " unset" : "=" + value));
        }
        case "cwd" -> System.out.println("cwd=" + Path.of("").toAbsolutePath());
        case "sleep" -> Thread.sleep(Long.parseLong(args[++i]));
        case "echo" -> {
          BufferedReader in =
              new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
          for (String l; (l = in.readLine()) != null; ) {
            System.out.println("echo " + l);
            System.out.flush();
          }
        }
        case "grandchild" -> {
          Path pidFile = Path.of(args[++i]);
          Process p =
              new ProcessBuilder(
                      Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                      "-cp",
                      System.getProperty("java.class.path"),
                      ChildFixtureMain.class.getName(),
                      "sleep",
                      "120000")
                  .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                  .redirectError(ProcessBuilder.Redirect.DISCARD)
                  .start();
          Files.writeString(
              pidFile.resolveSibling(pidFile.getFileName() + ".part"), String.valueOf(p.pid()));
          Files.move(pidFile.resolveSibling(pidFile.getFileName() + ".part"), pidFile);
        }
        case "exit" -> {
          System.out.flush();
          System.exit(Integer.parseInt(args[++i]));
        }
        default -> throw new IllegalArgumentException("unknown fixture command " + args[i]);
      }
    }
    System.out.flush();
  }
}
