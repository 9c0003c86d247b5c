/**
 * One {@link org.cnnbench.runner.mode.Mode} per {@code -Dbench=} verb ({@link
 * org.cnnbench.runner.mode.Verb}): a run ({@link org.cnnbench.runner.mode.RunMode}), {@code list},
 * {@code report}/{@code compare} and {@code merge}, each given the parsed options and adapters as
 * an {@link org.cnnbench.runner.mode.Invocation} and answering with an exit code.
 */
package org.cnnbench.runner.mode;
