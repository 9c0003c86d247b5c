package org.cnnbench.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TrialStatusTest {

  @Test
  void whatAScriptNeedsToKnow() {
    // exit code 5 (README, "Exit codes"): FAILED, TIMEOUT, DIVERGED, INTERRUPTED; not run: SKIPPED,
    // UNSUPPORTED
    assertEquals(
        EnumSet.of(
            TrialStatus.FAILED, TrialStatus.TIMEOUT, TrialStatus.DIVERGED, TrialStatus.INTERRUPTED),
        Arrays.stream(TrialStatus.values())
            .filter(TrialStatus::failsRun)
            .collect(Collectors.toCollection(() -> EnumSet.noneOf(TrialStatus.class))));
    assertEquals(
        EnumSet.of(TrialStatus.SKIPPED, TrialStatus.UNSUPPORTED),
        Arrays.stream(TrialStatus.values())
            .filter(TrialStatus::notRun)
            .collect(Collectors.toCollection(() -> EnumSet.noneOf(TrialStatus.class))));
    assertEquals(
        List.of(TrialStatus.OK),
        Arrays.stream(TrialStatus.values()).filter(TrialStatus::isOk).toList());
    for (TrialStatus s : TrialStatus.values()) {
      int roles = (s.isOk() ? 1 : 0) + (s.failsRun() ? 1 : 0) + (s.notRun() ? 1 : 0);
      assertEquals(1, roles, s + " is exactly one of OK, failing, not run");
    }
  }

  @Test
  void parsesWhatIsWrittenAndNamesTheValidOnes() {
    for (TrialStatus s : TrialStatus.values()) {
      assertEquals(s, TrialStatus.parse(s.name()));
    }
    assertEquals(Optional.empty(), TrialStatus.find("ok"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TrialStatus.parse("OKAY"));
    assertEquals(
        "unknown trial status \"OKAY\"; valid: OK, FAILED, TIMEOUT, DIVERGED, INTERRUPTED, SKIPPED,"
            + " UNSUPPORTED",
        e.getMessage());
  }

  @Test
  void messageTypesRoundTripTheirWireNames() {
    Set<String> wire =
        Arrays.stream(MessageType.values()).map(MessageType::wire).collect(Collectors.toSet());
    assertEquals(MessageType.values().length, wire.size(), "wire names are unique");
    for (MessageType t : MessageType.values()) {
      assertEquals(Optional.of(t), MessageType.fromWire(t.wire()));
    }
    assertEquals(Optional.empty(), MessageType.fromWire("RESULT"));
  }

  @Test
  void headersAreLowerCaseConstantNamesInOrder() {
    assertEquals(List.of("key", "value"), EnvironmentColumn.HEADERS);
    assertEquals("trial_id", TrialColumn.HEADERS.get(1));
    assertEquals(TrialColumn.values().length, Set.copyOf(TrialColumn.HEADERS).size());
    // epochs.csv starts with the trial's identity, the first columns of trials.csv
    assertEquals(
        TrialColumn.HEADERS.subList(0, EpochColumn.HEADERS.indexOf(EpochColumn.EPOCH.header())),
        EpochColumn.HEADERS.subList(0, EpochColumn.HEADERS.indexOf(EpochColumn.EPOCH.header())));
    assertTrue(TrialColumn.HEADERS.indexOf("status") < TrialColumn.HEADERS.indexOf("reason"));
  }
}
