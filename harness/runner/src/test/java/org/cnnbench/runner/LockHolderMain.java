package org.cnnbench.runner;

import java.nio.file.Path;
import org.cnnbench.runner.store.RunFolder;

/** A second runner process for the lock test: holds a run folder's lock until killed. */
public final class LockHolderMain {

  private LockHolderMain() {}

  /**
   * @param args the run folder
   * @throws Exception if the lock cannot be taken
   */
  public static void main(String[] args) throws Exception {
    try (RunFolder lock = RunFolder.acquire(Path.of(args[0]))) {
      System.out.println("locked");
      System.out.flush();
      Thread.sleep(120_000);
    }
  }
}
