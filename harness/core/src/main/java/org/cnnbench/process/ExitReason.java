package org.cnnbench.process;

/** Why a child process ended. */
public enum ExitReason {
  /** It exited by itself (normally, with an error code, or of a signal sent by someone else). */
  EXITED,
  /** It ran past its timeout and its process tree was killed. */
  TIMED_OUT,
  /**
   * It ran past its timeout while stopped (SIGSTOP or SIGTSTP: Linux state {@code T}), not running,
   * and its process tree was killed.
   */
  STOPPED,
  /** Its process tree was killed on request ({@link ChildProcess#kill}). */
  KILLED,
  /**
   * It could not be started (no such program, not executable); {@link ChildResult#detail} says why.
   */
  FAILED_TO_START;

  /**
   * @return whether the child ran past its timeout (running or stopped)
   */
  public boolean timedOut() {
    return this == TIMED_OUT || this == STOPPED;
  }
}
