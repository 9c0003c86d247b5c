/**
 * Sharding across machines: {@link org.cnnbench.runner.shard.Sharding} assigns each planned trial
 * to one of {@code -Dshards} shards by estimated duration and records the assignment in the run
 * folder; {@link org.cnnbench.runner.shard.ShardMerge} checks that shard runs belong to the same
 * plan and merges their folders into one run.
 */
package org.cnnbench.runner.shard;
