package org.cnnbench.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.cnnbench.spec.Shape;

/** Reads the IDX files of MNIST and Fashion-MNIST (unsigned bytes, big-endian header). */
public final class Idx {

  /** Magic number of an image file: unsigned bytes, three dimensions. */
  public static final int IMAGES_MAGIC = 0x00000803;

  /** Magic number of a label file: unsigned bytes, one dimension. */
  public static final int LABELS_MAGIC = 0x00000801;

  private Idx() {}

  /**
   * Reads an image file and its label file.
   *
   * @param images path of an {@code idx3-ubyte} file
   * @param labels path of the matching {@code idx1-ubyte} file
   * @param hint how to obtain valid files, appended to every error
   * @return the images, one grey channel
   * @throws DatasetException if a file is missing, truncated, has a wrong magic number or the
   *     counts differ
   */
  public static ByteImages read(Path images, Path labels, String hint) {
    ByteBuffer img = readAll(images, hint);
    ByteBuffer lab = readAll(labels, hint);
    int[] imgDims = header(img, images, IMAGES_MAGIC, 3, hint);
    int[] labDims = header(lab, labels, LABELS_MAGIC, 1, hint);
    if (imgDims[0] != labDims[0]) {
      throw new DatasetException(
          images.getFileName()
              + " holds "
              + imgDims[0]
              + " images but "
              + labels.getFileName()
              + " holds "
              + labDims[0]
              + " labels. "
              + hint);
    }
    byte[] pixels = new byte[img.remaining()];
    img.get(pixels);
    int[] labelValues = new int[labDims[0]];
    for (int i = 0; i < labelValues.length; i++) {
      labelValues[i] = lab.get() & 0xFF;
    }
    return new ByteImages(Shape.chw(1, imgDims[1], imgDims[2]), pixels, labelValues);
  }

  /**
   * Writes grey images as an IDX image file and a label file (e.g. a subset, or test data).
   *
   * @param images one-channel images
   * @param imageFile destination of the {@code idx3-ubyte} file
   * @param labelFile destination of the {@code idx1-ubyte} file
   * @throws IOException if writing fails
   */
  public static void write(ByteImages images, Path imageFile, Path labelFile) throws IOException {
    if (images.shape().channels() != 1) {
      throw new IllegalArgumentException("IDX image files hold one channel, got " + images.shape());
    }
    ByteBuffer img = ByteBuffer.allocate(16 + images.pixels().length);
    img.putInt(IMAGES_MAGIC)
        .putInt(images.size())
        .putInt(images.shape().height())
        .putInt(images.shape().width())
        .put(images.pixels());
    ByteBuffer lab = ByteBuffer.allocate(8 + images.size());
    lab.putInt(LABELS_MAGIC).putInt(images.size());
    for (int label : images.labels()) {
      lab.put((byte) label);
    }
    Files.write(imageFile, img.array());
    Files.write(labelFile, lab.array());
  }

  private static ByteBuffer readAll(Path path, String hint) {
    if (!Files.isRegularFile(path)) {
      throw new DatasetException("missing IDX file " + path + ". " + hint);
    }
    try {
      return ByteBuffer.wrap(Files.readAllBytes(path));
    } catch (IOException e) {
      throw new DatasetException("cannot read " + path + ": " + e.getMessage() + ". " + hint, e);
    }
  }

  private static int[] header(ByteBuffer buf, Path path, int magic, int rank, String hint) {
    if (buf.remaining() < 4) {
      throw new DatasetException(
          path
              + " is truncated: "
              + buf.remaining()
              + " bytes, shorter than an IDX magic number. "
              + hint);
    }
    int found = buf.getInt();
    if (found != magic) {
      throw new DatasetException(
          String.format(
              Locale.ROOT,
              "%s is not an IDX file of the expected kind: magic number 0x%08x, expected 0x%08x. %s",
              path,
              found,
              magic,
              hint));
    }
    if (buf.remaining() < 4 * rank) {
      throw new DatasetException(path + " is truncated: it ends inside its IDX header. " + hint);
    }
    int[] dims = new int[rank];
    long expected = 1;
    for (int i = 0; i < rank; i++) {
      dims[i] = buf.getInt();
      if (dims[i] < 0) {
        throw new DatasetException(path + " has a negative dimension in its header. " + hint);
      }
      expected *= dims[i];
    }
    if (buf.remaining() != expected) {
      throw new DatasetException(
          path
              + " is "
              + (buf.remaining() < expected ? "truncated" : "too long")
              + ": its header promises "
              + expected
              + " data bytes, the file has "
              + buf.remaining()
              + ". "
              + hint);
    }
    return dims;
  }
}
