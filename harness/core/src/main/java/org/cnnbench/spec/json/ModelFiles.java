package org.cnnbench.spec.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.cnnbench.spec.CatalogEntry;
import org.cnnbench.spec.ModelSpec;

/**
 * Reads model files: cnn-bench's spec JSON and Keras Sequential JSON (tf.keras 2.x and Keras 3),
 * told apart by their content. Writes the spec JSON.
 */
public final class ModelFiles {

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private ModelFiles() {}

  /**
   * Reads a model file. A Keras model is named after the file (without {@code .json}).
   *
   * @param file a cnn-bench spec or Keras Sequential JSON file
   * @return the model with its source
   * @throws ModelFileException naming the file and the position, layer or setting that is wrong
   */
  public static ModelFile read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ModelFileException("model file " + file + " does not exist");
    } catch (IOException e) {
      throw new ModelFileException("model file " + file + " cannot be read: " + e.getMessage());
    }
    String fileName = file.getFileName().toString();
    String name =
        fileName.endsWith(".json") ? fileName.substring(0, fileName.length() - 5) : fileName;
    return read(bytes, fileName, name, file.toString());
  }

  /**
   * Reads a model from bytes.
   *
   * @param bytes the file's content
   * @param fileName the file's name, for the result
   * @param name the model's name when the file does not give one (Keras files)
   * @param where the file as errors name it
   * @return the model with its source
   */
  static ModelFile read(byte[] bytes, String fileName, String name, String where) {
    JsonNode root = parse(bytes, where);
    String sha = sha256(bytes);
    if (KerasJson.isKeras(root)) {
      KerasJson.Read r = KerasJson.read(root, name, where);
      return new ModelFile(r.spec(), r.format(), fileName, sha, r.defaults());
    }
    if (root.isObject() && root.has("format")) {
      return new ModelFile(
          SpecJson.read(root, where).spec(), ModelFormat.CNN_BENCH, fileName, sha, List.of());
    }
    throw new ModelFileException(
        where
            + ": neither a Keras model (no 'class_name' at the top; save it with"
            + " model.to_json()) nor a cnn-bench model (no \"format\": \""
            + SpecJson.FORMAT
            + "\")");
  }

  /**
   * Reads a catalogue entry: a cnn-bench spec file with a {@code catalogue} section.
   *
   * @param bytes the file's content
   * @param where the resource as errors name it
   * @return the entry
   */
  public static CatalogEntry readCatalogEntry(byte[] bytes, String where) {
    SpecJson.Read r = SpecJson.read(parse(bytes, where), where);
    if (r.entry() == null) {
      throw new ModelFileException(where + ": a catalogue model needs a 'catalogue' section");
    }
    return r.entry();
  }

  /**
   * @param spec a model
   * @return the model in cnn-bench's spec JSON, indented, ending with a newline
   */
  public static String toJson(ModelSpec spec) {
    return SpecJson.write(spec, null);
  }

  /**
   * @param entry a catalogue entry
   * @return the entry in cnn-bench's spec JSON with its {@code catalogue} section
   */
  public static String toJson(CatalogEntry entry) {
    return SpecJson.write(entry.spec(), entry);
  }

  private static JsonNode parse(byte[] bytes, String where) {
    try {
      JsonNode root = MAPPER.readTree(bytes);
      if (root == null || root.isMissingNode()) {
        throw new ModelFileException(where + ": the file is empty");
      }
      return root;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String position =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new ModelFileException(
          where + ": malformed JSON" + position + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ModelFileException(where + ": cannot be read: " + e.getMessage());
    }
  }

  /**
   * @param bytes content
   * @return hex SHA-256
   */
  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
