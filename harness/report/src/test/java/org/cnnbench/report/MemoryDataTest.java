package org.cnnbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cnnbench.results.MemoryColumn;
import org.cnnbench.results.MemorySweepColumn;
import org.cnnbench.results.TrialStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The typed reader of a run's memory files, for charts. */
class MemoryDataTest {

  @TempDir Path dir;

  @Test
  void readsSamplesAsTypedSeriesPerTrial() throws IOException {
    Files.writeString(
        dir.resolve("memory.csv"),
        String.join(",", MemoryColumn.HEADERS)
            + "\n"
            + "a,0,45.3,40.0,5.3,1,setup,,\n"
            + "b,0,60.0,50.0,10.0,1,setup,,\n"
            + "a,200,1300.0,1150.0,150.0,2,train,1,17\n"
            + "a,400,x,1150.0,150.0,2,train,1,18\n",
        StandardCharsets.UTF_8);
    MemoryData data = MemoryData.read(dir);
    assertEquals(List.of("a", "b"), List.copyOf(data.byTrial().keySet()));
    assertEquals(
        List.of(
            new MemoryData.Sample("a", 0, 45.3, 40.0, 5.3, 1, "setup", 0, 0),
            new MemoryData.Sample("a", 200, 1300.0, 1150.0, 150.0, 2, "train", 1, 17)),
        data.byTrial().get("a"));
    assertEquals(1, data.warnings().size());
    assertTrue(
        data.warnings().get(0).text().startsWith("memory.csv line 5: column rss_mb is \"x\""),
        data.warnings().get(0).text());
    assertEquals(List.of(), data.sweep());
  }

  @Test
  void readsTheSweepWithItsStopAndStatuses() throws IOException {
    Files.writeString(
        dir.resolve("memory-sweep.csv"),
        String.join(",", MemorySweepColumn.HEADERS)
            + "\n"
            + "pytorch,mnist-cnn,16,1,OK,1300.0,700.500,101.250,12.3457,1296.0,20,8000,false,\n"
            + "pytorch,mnist-cnn,32,1,FAILED,8001.0,,,,,20,8000,true,\"over the cap, killed\"\n"
            + "pytorch,mnist-cnn,64,1,LOST,,,,,,20,8000,false,\n",
        StandardCharsets.UTF_8);
    MemoryData data = MemoryData.read(dir);
    assertEquals(2, data.sweep().size());
    MemoryData.SweepPoint ok = data.sweep().get(0);
    assertEquals(
        new MemoryData.SweepPoint(
            "pytorch",
            "mnist-cnn",
            16,
            1,
            TrialStatus.OK,
            1300.0,
            700.5,
            101.25,
            12.3457,
            1296.0,
            20,
            8000,
            false,
            ""),
        ok);
    MemoryData.SweepPoint stop = data.sweep().get(1);
    assertTrue(
        stop.stoppedHere()
            && Double.isNaN(stop.stepMs())
            && stop.reason().equals("over the cap, killed"));
    assertEquals(1, data.warnings().size(), data.warnings()::toString);
    assertTrue(
        data.warnings().get(0).problem().contains("status \"LOST\""), data.warnings()::toString);
  }

  @Test
  void aRunWithoutMemoryFilesHasNoRows() throws IOException {
    MemoryData data = MemoryData.read(dir);
    assertEquals(List.of(), data.samples());
    assertEquals(List.of(), data.sweep());
    assertEquals(List.of(), data.warnings());
  }
}
