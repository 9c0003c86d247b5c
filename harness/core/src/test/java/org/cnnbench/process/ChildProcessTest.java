package org.cnnbench.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The child-process helper on real child JVMs ({@link ChildFixtureMain}). */
class ChildProcessTest {

  @TempDir Path tmp;

  private static ChildSpec.Builder fixture(String... script) {
    return ChildSpec.builder()
        .setJavaMain(
            ChildFixtureMain.class.getName(), List.of(System.getProperty("java.class.path")))
        .optJvmOptions(List.of("-Xmx64m", "-XX:TieredStopAtLevel=1"))
        .optArguments(List.of(script));
  }

  @Test
  void exitCodeAndTheLastNonBlankLinesOfTheOutput() throws Exception {
    ChildResult r =
        ChildProcess.capture(
            fixture(
                    "out", "one", "out", "two", "out", " ", "out", "# note", "err", "three", "out",
                    "four", "exit", "3")
                .optStderr(Output.MERGE)
                .build());
    assertEquals(ExitReason.EXITED, r.reason());
    assertEquals(3, r.exitCode());
    assertFalse(r.succeeded());
    assertEquals(List.of("two", "three", "four"), r.lastLines(), "blank and '#' lines left out");
    assertEquals("two | three | four", r.lastLinesText());
    assertEquals("one\ntwo\n \n# note\nthree\nfour\n", r.output());
    assertTrue(r.wallSeconds() > 0);
  }

  @Test
  void aLongLastLineIsCutAndTheNumberOfLinesIsTheSpecs() throws Exception {
    ChildResult r =
        ChildProcess.capture(
            fixture("out", "a", "out", "b", "line", "250").optTailLines(2, 200).build());
    assertEquals(List.of("b", "x".repeat(200) + "..."), r.lastLines());
    assertTrue(r.succeeded());
    ChildResult whole = ChildProcess.capture(fixture("line", "250").optTailLines(1, 0).build());
    assertEquals(List.of("x".repeat(250)), whole.lastLines());
    assertEquals("(empty)", ChildProcess.capture(fixture().build()).lastLinesText());
  }

  @Test
  void theLogHasTheCommandLineThenTheOutputTheListenerDidNotConsume() throws Exception {
    Path log = tmp.resolve("child.log");
    List<String> consumed = Collections.synchronizedList(new ArrayList<>());
    ChildSpec spec =
        fixture(
                "out",
                "plain 1",
                "out",
                "@message",
                "err",
                "on stderr",
                "out",
                "plain 2",
                "exit",
                "0")
            .optLog(log)
            .optStderr(Output.LOG)
            .build();
    ChildProcess child =
        ChildProcess.start(
            spec,
            (source, line) -> {
              assertEquals(LineListener.Source.STDOUT, source);
              if (line.startsWith("@")) {
                consumed.add(line);
                return true;
              }
              return false;
            });
    ChildResult r = child.waitFor();
    assertTrue(r.succeeded(), r.toString());
    assertEquals(List.of("@message"), consumed);
    List<String> lines = Files.readAllLines(log);
    assertEquals("# " + String.join(" ", spec.command()), lines.get(0));
    assertTrue(spec.command().get(0).endsWith("java"), spec.command().toString());
    assertTrue(lines.containsAll(List.of("plain 1", "plain 2", "on stderr")), lines.toString());
    assertFalse(lines.contains("@message"), "a consumed line is not logged: " + lines);
    assertEquals(4, lines.size(), lines.toString());
    assertEquals(3, r.lastLines().size(), r.lastLines().toString());
    assertTrue(
        r.lastLines().containsAll(List.of("plain 1", "plain 2", "on stderr")),
        r.lastLines().toString());
  }

  @Test
  void theLastLinesOfALongLogAreItsLastLines() throws Exception {
    Path log = tmp.resolve("long.log");
    ChildResult r = ChildProcess.start(fixture("lines", "10000").optLog(log).build()).waitFor();
    assertTrue(Files.size(log) > 1_000_000, "longer than the part of the log that is read");
    String y = "y".repeat(90);
    assertEquals(List.of("line 9998 " + y, "line 9999 " + y, "line 10000 " + y), r.lastLines());
  }

  @Test
  void aLogThatCannotBeWrittenStartsNothing() {
    Path log = tmp.resolve("missing-folder").resolve("child.log");
    ChildLogException e =
        assertThrows(
            ChildLogException.class,
            () -> ChildProcess.start(fixture("out", "x").optLog(log).build()));
    assertEquals(log, e.log());
  }

  @Test
  void aProgramThatCannotStartIsFailedToStart() throws Exception {
    ChildResult r =
        ChildProcess.capture(
            ChildSpec.builder()
                .setCommand(tmp.resolve("no-such-program").toString(), "arg")
                .build());
    assertEquals(ExitReason.FAILED_TO_START, r.reason());
    assertEquals(-1, r.exitCode());
    assertTrue(r.detail().contains("no-such-program"), r.detail());
    assertThrows(
        IOException.class,
        () ->
            ChildProcess.start(
                ChildSpec.builder().setCommand(tmp.resolve("no-such-program").toString()).build()));
  }

  @Test
  void environmentAdditionsRemovalsDefaultsAndWorkingFolder() throws Exception {
    String inherited =
        System.getenv().containsKey("PATH") ? "PATH" : System.getenv().keySet().iterator().next();
    ChildResult r =
        ChildProcess.capture(
            fixture(
                    "env",
                    "CNNBENCH_ADDED",
                    "env",
                    inherited,
                    "env",
                    "CNNBENCH_DEFAULT",
                    "env",
                    "CNNBENCH_REMOVED_THEN_SET",
                    "cwd")
                .optEnvironment(Map.of("CNNBENCH_ADDED", "yes"))
                .optRemoveEnvironment(inherited)
                .optEnvironmentDefault("CNNBENCH_DEFAULT", "d")
                .optRemoveEnvironment("CNNBENCH_REMOVED_THEN_SET")
                .optEnvironment("CNNBENCH_REMOVED_THEN_SET", "set")
                .optWorkingDirectory(tmp)
                .build());
    List<String> lines = r.output().lines().toList();
    assertEquals(
        List.of(
            "CNNBENCH_ADDED=yes",
            inherited + " unset",
            "CNNBENCH_DEFAULT=d",
            "CNNBENCH_REMOVED_THEN_SET=set"),
        lines.subList(0, 4));
    assertEquals(tmp.toRealPath(), Path.of(lines.get(4).substring("cwd=".length())).toRealPath());
    ChildResult kept =
        ChildProcess.capture(
            fixture("env", inherited).optEnvironmentDefault(inherited, "other").build());
    assertEquals(
        inherited + "=" + System.getenv(inherited),
        kept.output().strip(),
        "an inherited value wins over a default");
  }

  @Test
  void aTimeoutKillsTheWholeTree() throws Exception {
    Path pidFile = tmp.resolve("grandchild.pid");
    ChildProcess child =
        ChildProcess.start(
            fixture("grandchild", pidFile.toString(), "out", "started", "sleep", "120000")
                .optTimeout(Duration.ofSeconds(4))
                .build());
    ProcessHandle grandchild = awaitGrandchild(pidFile);
    assertTrue(grandchild.isAlive());
    assertTrue(child.pids().contains(grandchild.pid()), "the tree holds the grandchild");
    ChildResult r = child.waitFor();
    assertEquals(ExitReason.TIMED_OUT, r.reason());
    assertTrue(r.reason().timedOut());
    assertEquals(137, r.exitCode(), "SIGKILL");
    assertTrue(r.wallSeconds() >= 4, String.valueOf(r.wallSeconds()));
    assertEquals(List.of("started"), r.lastLines());
    assertGone(grandchild);
  }

  @Test
  void aTimeoutAppliesWithoutAnyoneWaiting() throws Exception {
    ChildProcess child =
        ChildProcess.start(fixture("sleep", "120000").optTimeout(Duration.ofSeconds(2)).build());
    assertTrue(child.awaitExit(Duration.ofSeconds(60)), "the watchdog killed it");
    assertEquals(ExitReason.TIMED_OUT, child.waitFor().reason());
  }

  @Test
  void aLiftedTimeoutNoLongerKills() throws Exception {
    ChildProcess child =
        ChildProcess.start(
            fixture("sleep", "4000", "exit", "5").optTimeout(Duration.ofSeconds(2)).build());
    child.cancelTimeout();
    assertEquals(
        new ExitReasonAndCode(ExitReason.EXITED, 5), of(child.stop(Duration.ofSeconds(60))));
  }

  @Test
  void aStoppedChildIsKilledAtItsTimeoutAndSaysItWasStopped() throws Exception {
    Path pidFile = tmp.resolve("grandchild.pid");
    ChildProcess child =
        ChildProcess.start(
            fixture("grandchild", pidFile.toString(), "sleep", "120000")
                .optTimeout(Duration.ofSeconds(5))
                .build());
    ProcessHandle grandchild = awaitGrandchild(pidFile);
    ChildResult stop =
        ChildProcess.capture(
            ChildSpec.builder()
                .setCommand("kill", "-STOP", String.valueOf(child.pid()))
                .optStderr(Output.MERGE)
                .build());
    assertTrue(stop.succeeded(), stop.toString());
    long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    while (!ChildProcess.isStopped(child.pid()) && System.nanoTime() < until) {
      Thread.sleep(20);
    }
    assertTrue(ChildProcess.isStopped(child.pid()), "Linux reports it stopped");
    ChildResult r = child.waitFor();
    assertEquals(ExitReason.STOPPED, r.reason());
    assertTrue(r.reason().timedOut());
    assertEquals(137, r.exitCode());
    assertGone(grandchild);
  }

  @Test
  void killOnRequestEndsTheTree() throws Exception {
    Path pidFile = tmp.resolve("grandchild.pid");
    ChildProcess child =
        ChildProcess.start(fixture("grandchild", pidFile.toString(), "sleep", "120000").build());
    ProcessHandle grandchild = awaitGrandchild(pidFile);
    child.kill();
    ChildResult r = child.waitFor();
    assertEquals(ExitReason.KILLED, r.reason());
    assertEquals(137, r.exitCode());
    assertGone(grandchild);
  }

  @Test
  void aListenerThatThrowsEndsTheChild() throws Exception {
    ChildProcess child =
        ChildProcess.start(
            fixture("out", "boom", "sleep", "120000").build(),
            (source, line) -> {
              throw new IllegalStateException("cannot record " + line);
            });
    ChildResult r = child.waitFor();
    assertEquals(ExitReason.KILLED, r.reason());
    assertNotNull(child.listenerFailure());
    assertEquals("cannot record boom", child.listenerFailure().getMessage());
  }

  @Test
  void aLongLivedWorkerTalksOverItsStreamsAndStopsWhenItsInputEnds() throws Exception {
    List<String> stderr = Collections.synchronizedList(new ArrayList<>());
    ChildProcess worker =
        ChildProcess.start(
            fixture("err", "ready", "echo", "err", "bye")
                .optStdout(Output.PIPE)
                .optTailLines(20, 0)
                .build(),
            (source, line) -> {
              stderr.add(source + " " + line);
              return false;
            });
    assertThrows(IllegalStateException.class, worker::stderr);
    Writer in = new OutputStreamWriter(worker.stdin(), StandardCharsets.UTF_8);
    BufferedReader out =
        new BufferedReader(new InputStreamReader(worker.stdout(), StandardCharsets.UTF_8));
    for (String word : List.of("a", "b")) {
      in.write(word + "\n");
      in.flush();
      assertEquals("echo " + word, out.readLine());
    }
    assertTrue(worker.isAlive());
    ChildResult r = worker.stop(Duration.ofSeconds(60));
    assertTrue(r.succeeded(), r.toString());
    assertEquals(List.of("STDERR ready", "STDERR bye"), stderr);
    assertEquals(List.of("ready", "bye"), r.lastLines());
    assertEquals(List.of("ready", "bye"), worker.lastLines());
  }

  @Test
  void aWorkerThatIgnoresItsClosedInputIsKilledAfterTheGrace() throws Exception {
    ChildProcess worker =
        ChildProcess.start(fixture("sleep", "120000").optStdout(Output.PIPE).build());
    ChildResult r = worker.stop(Duration.ofMillis(500));
    assertEquals(ExitReason.KILLED, r.reason());
    assertFalse(worker.isAlive());
  }

  @Test
  void aSpecNeedsExactlyOneProgramAndALogForLogOutput() {
    assertThrows(IllegalStateException.class, () -> ChildSpec.builder().build());
    assertThrows(
        IllegalStateException.class,
        () -> ChildSpec.builder().setCommand("true").setJavaMain("X", List.of()).build());
    assertThrows(
        IllegalStateException.class,
        () -> ChildSpec.builder().setCommand("true").optStderr(Output.LOG).build());
    assertThrows(IllegalArgumentException.class, () -> ChildSpec.builder().optStdout(Output.MERGE));
    assertThrows(
        IllegalArgumentException.class, () -> ChildSpec.builder().optTimeout(Duration.ZERO));
    ChildSpec javaMain =
        ChildSpec.builder()
            .setJavaMain("a.b.Main", List.of("x.jar", "y"))
            .optJvmOptions(List.of("-Xmx1g"))
            .optSystemProperty("k", "v")
            .optArguments(List.of("arg"))
            .build();
    assertEquals(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx1g",
            "-Dk=v",
            "-cp",
            "x.jar" + File.pathSeparator + "y",
            "a.b.Main",
            "arg"),
        javaMain.command());
    assertEquals("Main", javaMain.name());
    assertEquals(Optional.empty(), javaMain.timeout());
  }

  private record ExitReasonAndCode(ExitReason reason, int code) {}

  private static ExitReasonAndCode of(ChildResult r) {
    return new ExitReasonAndCode(r.reason(), r.exitCode());
  }

  private static ProcessHandle awaitGrandchild(Path pidFile) throws Exception {
    long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!Files.exists(pidFile) && System.nanoTime() < until) {
      Thread.sleep(20);
    }
    assertTrue(Files.exists(pidFile), "the child started its grandchild");
    long pid = Long.parseLong(Files.readString(pidFile).strip());
    return ProcessHandle.of(pid)
        .orElseThrow(() -> new AssertionError("grandchild " + pid + " is not running"));
  }

  private static void assertGone(ProcessHandle grandchild) throws Exception {
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (grandchild.isAlive() && System.nanoTime() < until) {
      Thread.sleep(20);
    }
    boolean alive = grandchild.isAlive();
    grandchild.destroyForcibly(); // a failing run leaves no orphan behind
    assertFalse(alive, "grandchild " + grandchild.pid() + " outlived the kill");
  }
}
