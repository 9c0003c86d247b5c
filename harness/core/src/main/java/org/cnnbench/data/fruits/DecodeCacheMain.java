package org.cnnbench.data.fruits;

import java.nio.file.Path;
import org.cnnbench.data.DatasetException;
import org.cnnbench.spec.Shape;

/**
 * Builds (or reuses) the decode cache of an image folder outside a run, e.g. once on a shared file
 * system before the shards of a job array start, or to measure the build: {@code java -cp
 * harness/core/target/classes org.cnnbench.data.fruits.DecodeCacheMain <folder> <datasets
 * dir>/cache}. Threads: {@code -Dcnnbench.decode.threads} (default: every core).
 */
public final class DecodeCacheMain {

  private DecodeCacheMain() {}

  /**
   * @param args the image folder and the cache folder ({@code <datasets dir>/cache}, where runs
   *     look)
   */
  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println(
          "usage: DecodeCacheMain <image folder> <cache folder, e.g. datasets/cache>");
      System.exit(2);
    }
    try {
      DecodeCache.Opened o =
          DecodeCache.ensure(
              ImageFolder.scan(Path.of(args[0]), "image folder"),
              Shape.chw(3, 128, 128),
              Path.of(args[1]));
      System.out.println(
          (o.built() ? "built " : "reused ")
              + o.file()
              + ": "
              + o.images().size()
              + " images, "
              + o.skipped().size()
              + " skipped; "
              + DecodeCache.buildRecord(o.file()));
    } catch (DatasetException e) {
      System.err.println("cnn-bench: " + e.getMessage());
      System.exit(1);
    }
  }
}
