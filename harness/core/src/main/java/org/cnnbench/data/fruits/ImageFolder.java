package org.cnnbench.data.fruits;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.cnnbench.data.DatasetException;
import org.cnnbench.spec.Shape;

/**
 * The listing of an ImageFolder: one sub-folder per class (class index = position of the folder
 * name in sorted order), every regular file below a class folder (recursively, following symbolic
 * links, sorted by relative path) is a candidate image. A directory loop, a symbolic link that
 * loops or dangles and an entry that cannot be read are listed with a problem and skipped like a
 * file that cannot be decoded, never fatal to the dataset. Folders whose name starts with '.' are
 * not classes. Files directly in the root (e.g. {@code groups.csv}) are not examples.
 *
 * @param root the dataset folder, absolute and normalised
 * @param classes class folder names, sorted
 * @param files candidate files, sorted by class, then relative path
 */
public record ImageFolder(Path root, List<String> classes, List<Entry> files) {

  /** Bump when decoding or the cache format changes, so old caches are not used. */
  static final String DECODER_VERSION =
      "fruits-decoder-3"; // 2: streamed parallel cache; 3: CMYK and YCCK JPEGs decoded by CmykJpeg

  /** Copies the lists. */
  public ImageFolder {
    classes = List.copyOf(classes);
    files = List.copyOf(files);
  }

  /**
   * One candidate file.
   *
   * @param relative path relative to the root with '/' separators, e.g. {@code
   *     fresh/apple_0001.jpg}
   * @param classIndex index into {@link ImageFolder#classes()}
   * @param size size in bytes
   * @param modifiedMillis last modification time
   */
  public record Entry(
      String relative, int classIndex, long size, long modifiedMillis, String problem) {

    /**
     * @return whether the file could be listed; if not, {@link #problem()} says why and it is
     *     skipped
     */
    public boolean listed() {
      return problem.isEmpty();
    }
  }

  /**
   * Walks one class folder, following symbolic links: every regular file is a candidate; a
   * directory loop, a file link loop or dangling link, and an entry that cannot be read become
   * entries with a problem, which the decode cache skips, counts and lists like an undecodable
   * file.
   */
  private static final class Lister extends SimpleFileVisitor<Path> {
    private final Path root;
    private final int classIndex;
    private final List<Entry> entries;

    Lister(Path root, int classIndex, List<Entry> entries) {
      this.root = root;
      this.classIndex = classIndex;
      this.entries = entries;
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes a) {
      if (a.isRegularFile()) {
        entries.add(
            new Entry(relative(file), classIndex, a.size(), a.lastModifiedTime().toMillis(), ""));
      } else if (a.isSymbolicLink()) {
        // The walk follows links; it hands over the link itself only when the link cannot be
        // followed.
        String why;
        try {
          Files.readAttributes(file, BasicFileAttributes.class);
          why = "symbolic link that cannot be followed";
        } catch (IOException e) {
          why =
              e instanceof FileSystemException f && f.getReason() != null
                  ? f.getReason()
                  : e.toString();
        }
        entries.add(
            new Entry(
                relative(file),
                classIndex,
                0,
                0,
                "symbolic link loop or dangling link (" + why + "); fix or remove the link"));
      }
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFileFailed(Path file, IOException e) {
      String why;
      if (e instanceof FileSystemLoopException) {
        why = "directory loop: a symbolic link to a folder that contains it; remove the link";
      } else if (e instanceof AccessDeniedException) {
        why = "cannot be read: permission denied; fix with chmod -R u+rX " + file;
      } else {
        why = "cannot be read: " + e;
      }
      entries.add(new Entry(relative(file), classIndex, 0, 0, why));
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult postVisitDirectory(Path dir, IOException e) {
      if (e != null) {
        // a folder whose listing broke off part way: what was listed stays, the folder is named
        entries.add(new Entry(relative(dir) + "/", classIndex, 0, 0, "listing broke off: " + e));
      }
      return FileVisitResult.CONTINUE;
    }

    private String relative(Path p) {
      return root.relativize(p).toString().replace('\\', '/');
    }
  }

  /**
   * Lists a dataset folder.
   *
   * @param dir the folder with one sub-folder per class
   * @param what how to call the folder in messages, e.g. "fruit dataset folder"
   * @return the listing
   * @throws DatasetException if the folder is missing, has fewer than two class folders, or a class
   *     folder has no files
   */
  public static ImageFolder scan(Path dir, String what) {
    Path root = dir.toAbsolutePath().normalize();
    if (!Files.isDirectory(root)) {
      throw new DatasetException(
          what
              + " "
              + root
              + " does not exist or is not a folder; expected a"
              + " folder with one sub-folder per class (e.g. fresh/ and rotten/) holding the images");
    }
    List<Path> classDirs = new ArrayList<>();
    try (Stream<Path> list = Files.list(root)) {
      list.filter(Files::isDirectory)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .forEach(classDirs::add);
    } catch (IOException e) {
      throw new DatasetException(
          "cannot list "
              + what
              + " "
              + root
              + ": "
              + e
              + "; check that the folder"
              + " can be read (e.g. chmod u+rX "
              + root
              + ")",
          e);
    }
    classDirs.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
    List<String> classes = classDirs.stream().map(p -> p.getFileName().toString()).toList();
    if (classes.size() < 2) {
      throw new DatasetException(
          what
              + " "
              + root
              + " has "
              + classes.size()
              + " class folder(s) "
              + classes
              + "; expected at least two sub-folders, one per class (e.g. fresh/ and rotten/),"
              + " each holding that class's images");
    }
    List<Entry> files = new ArrayList<>();
    for (int c = 0; c < classDirs.size(); c++) {
      Path classDir = classDirs.get(c);
      List<Entry> inClass = new ArrayList<>();
      try {
        Files.walkFileTree(
            classDir,
            EnumSet.of(FileVisitOption.FOLLOW_LINKS),
            Integer.MAX_VALUE,
            new Lister(root, c, inClass));
      } catch (IOException | RuntimeException e) {
        throw new DatasetException(
            "cannot list class folder "
                + classDir
                + " of "
                + what
                + " "
                + root
                + ": "
                + e
                + "; check that the folder and everything in it can be read (e.g. chmod -R u+rX "
                + classDir
                + ")",
            e);
      }
      if (inClass.isEmpty()) {
        throw new DatasetException(
            "class folder "
                + classDir
                + " of "
                + what
                + " "
                + root
                + " is empty; expected image files (JPEG, PNG, ...) in every class folder");
      }
      inClass.sort((a, b) -> a.relative().compareTo(b.relative()));
      files.addAll(inClass);
    }
    return new ImageFolder(root, classes, files);
  }

  /**
   * The cache key: a hash of the folder, its file list with sizes and modification times, the
   * target shape and the decoder version. Any added, removed or modified file changes it.
   *
   * @param target the decoded image shape (channels, height, width)
   * @return lower-case hex SHA-256
   */
  public String key(Shape target) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      StringBuilder head = new StringBuilder();
      head.append(DECODER_VERSION)
          .append('\n')
          .append(root)
          .append('\n')
          .append(target.channels())
          .append('x')
          .append(target.height())
          .append('x')
          .append(target.width())
          .append('\n')
          .append(String.join("/", classes))
          .append('\n');
      md.update(head.toString().getBytes(StandardCharsets.UTF_8));
      for (Entry e : files) {
        // a listed file keeps the key it always had; a skipped entry adds its problem
        md.update(
            (e.relative()
                    + '\t'
                    + e.size()
                    + '\t'
                    + e.modifiedMillis()
                    + (e.listed() ? "" : '\t' + e.problem())
                    + '\n')
                .getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
