package org.cnnbench.data.fruits;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cnnbench.data.DatasetException;

/**
 * Reads {@code groups.csv} at a dataset's root: a header {@code file,group}, then one row per image
 * with its path relative to the root ({@code fresh/apple_0001.jpg}) and the id of the original
 * photo it was made from. RFC 4180 quoting is understood (no line breaks inside fields).
 */
public final class GroupsCsv {

  /** The file name looked for at the dataset root. */
  public static final String FILE_NAME = "groups.csv";

  private GroupsCsv() {}

  /**
   * @param root the dataset folder
   * @return file to group, empty if the folder has no {@code groups.csv}
   * @throws DatasetException if the file exists but is malformed
   */
  public static Map<String, String> read(Path root) {
    Path file = root.resolve(FILE_NAME);
    Map<String, String> groups = new LinkedHashMap<>();
    if (!Files.isRegularFile(file)) {
      return groups;
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new DatasetException("cannot read " + file + ": " + e.getMessage(), e);
    }
    int fileCol = -1;
    int groupCol = -1;
    for (int n = 0; n < lines.size(); n++) {
      String line = lines.get(n);
      if (n == 0 && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      if (line.isBlank()) {
        continue;
      }
      List<String> f = fields(line);
      if (fileCol < 0) {
        fileCol = f.indexOf("file");
        groupCol = f.indexOf("group");
        if (fileCol < 0 || groupCol < 0) {
          throw new DatasetException(
              file
                  + " must start with a header naming the columns 'file' and"
                  + " 'group', got: "
                  + line);
        }
        continue;
      }
      if (f.size() <= Math.max(fileCol, groupCol)) {
        throw new DatasetException(
            file + " line " + (n + 1) + " has " + f.size() + " fields: " + line);
      }
      String rel = f.get(fileCol).replace('\\', '/');
      while (rel.startsWith("./")) {
        rel = rel.substring(2);
      }
      groups.put(rel, f.get(groupCol));
    }
    return groups;
  }

  static List<String> fields(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
            cur.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          cur.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(cur.toString().strip());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString().strip());
    return out;
  }
}
