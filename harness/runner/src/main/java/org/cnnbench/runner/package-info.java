/**
 * The benchmark runner: reads {@code -D} options, expands the plan into trials, runs each trial in
 * its own JVM with a timeout, and writes results per epoch so a crash never loses finished work.
 *
 * <p>{@link org.cnnbench.runner.BenchMain} parses the options ({@link
 * org.cnnbench.runner.OptionRegistry} declares every one) and hands over to the {@link
 * org.cnnbench.runner.mode.Mode} of the {@code -Dbench} verb ({@link
 * org.cnnbench.runner.mode.Verb}): a run, {@code list}, {@code report}/{@code compare} or {@code
 * merge}.
 *
 * <p>Sub-packages by concern: {@code plan} (the trials to run), {@code shard} (splitting a plan
 * across machines and merging the shard runs), {@code store} (the run folder and its CSV files) and
 * {@code mode} (one mode per verb).
 */
package org.cnnbench.runner;
