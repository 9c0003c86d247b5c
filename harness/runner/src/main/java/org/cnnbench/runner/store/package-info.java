/**
 * The results store: the run folder ({@link org.cnnbench.runner.store.RunFolder}: run id format,
 * file layout, lock), the CSV files written row by row so a crash loses no finished work ({@link
 * org.cnnbench.runner.store.ResultsStore}), what happens when a write fails ({@link
 * org.cnnbench.runner.store.ResultsWriteException}, {@link
 * org.cnnbench.runner.store.StoreFailure}), and the check that an output folder is usable ({@link
 * org.cnnbench.runner.store.OutputDirs}).
 */
package org.cnnbench.runner.store;
