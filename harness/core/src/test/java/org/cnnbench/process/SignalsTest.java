package org.cnnbench.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A child's exit status names the signal that ended it. */
class SignalsTest {

  @Test
  void exitStatusesAbove128NameTheirSignal() {
    assertEquals("exit code 137 (signal 9, SIGKILL)", Signals.describeExit(137));
    assertEquals("exit code 143 (signal 15, SIGTERM)", Signals.describeExit(143));
    assertEquals("exit code 130 (signal 2, SIGINT)", Signals.describeExit(130));
    assertEquals("exit code 139 (signal 11, SIGSEGV)", Signals.describeExit(139));
    assertEquals("exit code 170 (signal 42)", Signals.describeExit(170));
    assertEquals("exit code 3", Signals.describeExit(3));
    assertEquals("exit code 0", Signals.describeExit(0));
    assertEquals("exit code 255", Signals.describeExit(255));
  }

  @Test
  void aChildKilledBySigkillReportsStatus137() throws Exception {
    ChildResult r =
        ChildProcess.capture(
            ChildSpec.builder()
                .setCommand("sh", "-c", "kill -9 $$")
                .optTimeout(Duration.ofSeconds(20))
                .build());
    assertEquals("exit code 137 (signal 9, SIGKILL)", Signals.describeExit(r.exitCode()));
  }
}
