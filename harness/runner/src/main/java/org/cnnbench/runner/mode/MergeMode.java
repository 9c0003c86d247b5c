package org.cnnbench.runner.mode;

import java.io.IOException;
import org.cnnbench.runner.ExitCode;
import org.cnnbench.runner.shard.ShardMerge;

/** {@code -Dbench=merge}: joins the shard runs of one plan into one run folder and report. */
final class MergeMode implements Mode {

  @Override
  public ExitCode run(Invocation in) throws IOException {
    new ShardMerge(in.options(), in.out()).merge();
    return ExitCode.OK;
  }
}
