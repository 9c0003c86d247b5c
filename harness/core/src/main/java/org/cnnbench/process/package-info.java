/**
 * The one way cnn-bench starts a child process: a trial's or parity's JVM, the JMH JVM,
 * TensorFlow's DJL inference JVM, the Python worker, and short commands whose output is captured
 * (git, nvidia-smi, npm, apt-get, the Python probe). Only {@code BuildStamp}, which runs as a
 * single-file program during the build, starts its {@code git} itself.
 *
 * <p>A {@link org.cnnbench.process.ChildSpec} (immutable, {@code setX} required and {@code optX}
 * optional) says what to run: a command, or a Java main class with its class path, JVM options and
 * system properties; environment variables added and removed; the working folder; a log file that
 * gets the command line and the child's output; a timeout; how many of the output's last lines to
 * keep. {@link org.cnnbench.process.ChildProcess#start} returns the running handle (its standard
 * streams for a long-lived worker, its process tree, kill); {@link
 * org.cnnbench.process.ChildProcess#waitFor} and {@link org.cnnbench.process.ChildProcess#capture}
 * give a typed {@link org.cnnbench.process.ChildResult}: exit code, {@link
 * org.cnnbench.process.ExitReason}, wall time and the last lines.
 *
 * <p>A timeout or a kill ends the whole tree (every descendant, then the child itself), so a
 * framework's helper processes never outlive it. A parent killed with {@code kill -9} runs no code,
 * so each long-lived child watches its parent itself ({@code TrialMain.exitWithParent}, the Python
 * worker's {@code CNNBENCH_PARENT_PID}; TensorFlow's inference server ends when its input ends).
 */
package org.cnnbench.process;
