package org.cnnbench.data.fruits;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.cnnbench.data.DatasetException;
import org.cnnbench.spec.Shape;

/**
 * The listing of an ImageFolder: one sub-folder per class (class index = position of the folder
 * name in sorted order), every regular file below a class folder (recursively, following symbolic
 * links, sorted by relative path) is a candidate image. Folders whose name starts with '.' are not
 * classes. Files directly in the root (e.g. {@code groups.csv}) are not examples.
 *
 * @param root the dataset folder, absolute and normalised
 * @param classes class folder names, sorted
 * @param files candidate files, sorted by class, then relative path
 */
public record ImageFolder(Path root, List<String> classes, List<Entry> files) {

  /** Bump when decoding or the cache format changes, so old caches are not used. */
  static final String DECODER_VERSION = "fruits-decoder-3"; // 2: streamed parallel cache; 3: CMYK and YCCK JPEGs decoded by CmykJpeg

  /** Copies the lists. */
  public ImageFolder {
    classes = List.copyOf(classes);
    files = List.copyOf(files);
  }

  /**
   * One candidate file.
   *
   * @param relative path relative to the root with '/' separators, e.g. {@code fresh/apple_0001.jpg}
   * @param classIndex index into {@link ImageFolder#classes()}
   * @param size size in bytes
   * @param modifiedMillis last modification time
   */
  public record Entry(String relative, int classIndex, long size, long modifiedMillis) {}

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
      throw new DatasetException(what + " " + root + " does not exist or is not a folder; expected a"
          + " folder with one sub-folder per class (e.g. fresh/ and rotten/) holding the images");
    }
    List<Path> classDirs = new ArrayList<>();
    try (Stream<Path> list = Files.list(root)) {
      list.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
          .forEach(classDirs::add);
    } catch (IOException e) {
      throw new DatasetException("cannot list " + what + " " + root + ": " + e.getMessage(), e);
    }
    classDirs.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
    List<String> classes = classDirs.stream().map(p -> p.getFileName().toString()).toList();
    if (classes.size() < 2) {
      throw new DatasetException(what + " " + root + " has " + classes.size() + " class folder(s) "
          + classes + "; expected at least two sub-folders, one per class (e.g. fresh/ and rotten/),"
          + " each holding that class's images");
    }
    List<Entry> files = new ArrayList<>();
    for (int c = 0; c < classDirs.size(); c++) {
      Path classDir = classDirs.get(c);
      List<Entry> inClass = new ArrayList<>();
      int classIndex = c;
      try (Stream<Path> walk = Files.walk(classDir, FileVisitOption.FOLLOW_LINKS)) {
        for (Path p : (Iterable<Path>) walk::iterator) {
          BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
          if (a.isRegularFile()) {
            String rel = root.relativize(p).toString().replace('\\', '/');
            inClass.add(new Entry(rel, classIndex, a.size(), a.lastModifiedTime().toMillis()));
          }
        }
      } catch (IOException e) {
        throw new DatasetException("cannot list class folder " + classDir + ": " + e.getMessage(), e);
      }
      if (inClass.isEmpty()) {
        throw new DatasetException("class folder " + classDir + " of " + what + " " + root
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
      head.append(DECODER_VERSION).append('\n').append(root).append('\n')
          .append(target.channels()).append('x').append(target.height()).append('x')
          .append(target.width()).append('\n').append(String.join("/", classes)).append('\n');
      md.update(head.toString().getBytes(StandardCharsets.UTF_8));
      for (Entry e : files) {
        md.update((e.relative() + '\t' + e.size() + '\t' + e.modifiedMillis() + '\n')
            .getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
