package org.cnnbench.data.fruits;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.cnnbench.data.DatasetException;
import org.cnnbench.spec.Shape;

/**
 * Decoded, resized uint8 images of one {@link ImageFolder}, cached in one file under
 * {@code <datasets root>/cache/} whose name holds the folder's key (file list, sizes, modification
 * times, target shape, decoder version). Layout: a 4 KiB prologue (magic, offsets), the pixels of
 * every decodable file in listing order ({@code C*H*W} bytes each), then a UTF-8 index with one line
 * per listed file (used or skipped, with the reason). The file is written under a temporary name and
 * renamed atomically, so a half-written cache is never read.
 */
public final class DecodeCache {

  private static final long MAGIC = 0x434E4E4246525431L; // "CNNBFRT1"
  private static final int DATA_OFFSET = 4096;
  private static final int BLOCK = 256;
  private static final AtomicLong DECODED = new AtomicLong();

  private DecodeCache() {}

  /** @return images decoded by this process so far (for tests: a reused cache decodes nothing) */
  public static long decodedImages() {
    return DECODED.get();
  }

  /**
   * One listed file as the cache records it.
   *
   * @param relative path relative to the dataset folder, '/' separators
   * @param classIndex class of the file
   * @param used true if decoded; false if skipped
   * @param detail source size (e.g. {@code 400x300}) when used, the reason when skipped
   */
  public record Item(String relative, int classIndex, boolean used, String detail) {}

  /**
   * An opened cache.
   *
   * @param file the cache file
   * @param key the folder's key
   * @param classes class names
   * @param items every listed file, in listing order
   * @param images the used files' pixels, in listing order
   * @param built true if this call decoded the images, false if it reused the cache
   */
  public record Opened(Path file, String key, List<String> classes, List<Item> items,
      MappedImages images, boolean built) {

    /** @return the skipped files */
    public List<Item> skipped() {
      return items.stream().filter(i -> !i.used()).toList();
    }

    /** @return the used files, in the order of {@link #images()} */
    public List<Item> used() {
      return items.stream().filter(Item::used).toList();
    }
  }

  /**
   * @param folder the listing
   * @param shape target shape (3, height, width)
   * @param cacheDir the cache folder
   * @return where the cache of this folder and shape lives
   */
  public static Path file(ImageFolder folder, Shape shape, Path cacheDir) {
    return cacheDir.resolve(prefix(folder, shape) + folder.key(shape).substring(0, 32) + ".u8");
  }

  /** @return the name start shared by every cache of this folder and shape: fruits-FOLDER-CxHxW- */
  private static String prefix(ImageFolder folder, Shape shape) {
    String folderHash = Integer.toHexString(folder.root().toString().hashCode() | 0x10000000);
    return "fruits-" + folderHash + "-" + shape.channels() + "x" + shape.height() + "x"
        + shape.width() + "-";
  }

  /**
   * Deletes the older caches of the same folder and shape (the folder changed since), so a changing
   * dataset does not fill the disk. A process that still has one mapped keeps reading it: on POSIX
   * systems a deleted file lives on while it is mapped.
   */
  private static void removeStale(ImageFolder folder, Shape shape, Path keep) {
    String prefix = prefix(folder, shape);
    try (java.util.stream.Stream<Path> list = Files.list(keep.getParent())) {
      for (Path p : (Iterable<Path>) list::iterator) {
        String name = p.getFileName().toString();
        if (name.startsWith(prefix) && name.endsWith(".u8") && !p.equals(keep)) {
          try {
            Files.deleteIfExists(p);
          } catch (IOException ignored) {
            // e.g. in use on Windows: left for a later build
          }
        }
      }
    } catch (IOException ignored) {
      // best effort
    }
  }

  /**
   * Opens the cache of a folder, decoding every file first if it does not exist.
   *
   * @param folder the listing
   * @param shape target shape (3, height, width)
   * @param cacheDir the cache folder
   * @return the opened cache
   */
  public static Opened ensure(ImageFolder folder, Shape shape, Path cacheDir) {
    if (shape.channels() != 3) {
      throw new DatasetException("the fruit dataset decodes RGB images; the model's input has "
          + shape.channels() + " channels, expected 3");
    }
    Path file = file(folder, shape, cacheDir);
    String key = folder.key(shape);
    boolean built = false;
    if (!Files.isRegularFile(file)) {
      build(folder, shape, file, key);
      built = true;
    }
    try {
      return open(file, key, shape, built);
    } catch (IOException | RuntimeException e) {
      if (built) {
        throw new DatasetException("cannot read the decode cache " + file + " just written: " + e, e);
      }
      // A damaged cache (not a half-written one: those never get the final name): rebuild it once.
      build(folder, shape, file, key);
      try {
        return open(file, key, shape, true);
      } catch (IOException ex) {
        throw new DatasetException("cannot read the decode cache " + file + ": " + ex, ex);
      }
    }
  }

  private static void build(ImageFolder folder, Shape shape, Path file, String key) {
    int height = shape.height();
    int width = shape.width();
    Path tmp = null;
    int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "fruits-decode");
      t.setDaemon(true);
      return t;
    });
    try {
      Files.createDirectories(file.getParent());
      tmp = Files.createTempFile(file.getParent(), "." + file.getFileName() + ".", ".part");
      List<Item> items = new ArrayList<>();
      long dataBytes = 0;
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.position(DATA_OFFSET);
        OutputStream out = new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(ch), 1 << 20);
        List<ImageFolder.Entry> files = folder.files();
        for (int from = 0; from < files.size(); from += BLOCK) {
          List<Future<Object>> futures = new ArrayList<>();
          for (ImageFolder.Entry e : files.subList(from, Math.min(files.size(), from + BLOCK))) {
            Path p = folder.root().resolve(e.relative());
            futures.add(pool.submit(() -> {
              try {
                return ImageDecoder.decode(p, width, height);
              } catch (ImageDecoder.Rejected r) {
                return r.getMessage();
              }
            }));
          }
          for (int i = 0; i < futures.size(); i++) {
            ImageFolder.Entry e = files.get(from + i);
            Object r = futures.get(i).get();
            if (r instanceof ImageDecoder.Decoded d) {
              out.write(d.pixels());
              dataBytes += d.pixels().length;
              items.add(new Item(e.relative(), e.classIndex(), true,
                  d.sourceWidth() + "x" + d.sourceHeight()));
            } else {
              items.add(new Item(e.relative(), e.classIndex(), false, (String) r));
            }
          }
          DECODED.addAndGet(futures.size());
        }
        out.flush();
        byte[] index = index(key, shape, folder.classes(), items).getBytes(StandardCharsets.UTF_8);
        long indexOffset = DATA_OFFSET + dataBytes;
        ch.write(ByteBuffer.wrap(index), indexOffset);
        ByteBuffer pro = ByteBuffer.allocate(28);
        pro.putLong(MAGIC).putLong(dataBytes).putLong(indexOffset).putInt(index.length).flip();
        ch.write(pro, 0);
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
      removeStale(folder, shape, file);
    } catch (IOException e) {
      throw new DatasetException("cannot write the decode cache " + file + ": " + e.getMessage(), e);
    } catch (ExecutionException e) {
      throw new DatasetException("decoding " + folder.root() + " failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DatasetException("interrupted while decoding " + folder.root(), e);
    } finally {
      pool.shutdownNow();
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // a leftover '.…part' file is never read
        }
      }
    }
  }

  private static String index(String key, Shape shape, List<String> classes, List<Item> items) {
    StringBuilder sb = new StringBuilder();
    sb.append("key\t").append(key).append('\n');
    sb.append("shape\t").append(shape.channels()).append('\t').append(shape.height()).append('\t')
        .append(shape.width()).append('\n');
    sb.append("classes");
    for (String c : classes) {
      sb.append('\t').append(escape(c));
    }
    sb.append('\n');
    for (Item i : items) {
      sb.append(i.used() ? "used" : "skipped").append('\t').append(i.classIndex()).append('\t')
          .append(escape(i.relative())).append('\t').append(escape(i.detail())).append('\n');
    }
    return sb.toString();
  }

  private static Opened open(Path file, String key, Shape shape, boolean built) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer pro = ByteBuffer.allocate(28);
      while (pro.hasRemaining() && ch.read(pro, pro.position()) > 0) {
        // read the prologue fully
      }
      pro.flip();
      if (pro.remaining() < 28 || pro.getLong() != MAGIC) {
        throw new IOException("not a fruit decode cache (bad magic)");
      }
      long dataBytes = pro.getLong();
      long indexOffset = pro.getLong();
      int indexLength = pro.getInt();
      if (indexOffset != DATA_OFFSET + dataBytes || indexOffset + indexLength != ch.size()) {
        throw new IOException("inconsistent sizes in the cache file");
      }
      ByteBuffer ib = ByteBuffer.allocate(indexLength);
      while (ib.hasRemaining() && ch.read(ib, indexOffset + ib.position()) > 0) {
        // read the index fully
      }
      String[] lines = new String(ib.array(), StandardCharsets.UTF_8).split("\n");
      if (!lines[0].equals("key\t" + key)) {
        throw new IOException("the cache belongs to another key");
      }
      String expectedShape = "shape\t" + shape.channels() + "\t" + shape.height() + "\t" + shape.width();
      if (!lines[1].equals(expectedShape)) {
        throw new IOException("the cache has another shape: " + lines[1]);
      }
      String[] cls = lines[2].split("\t", -1);
      List<String> classes = new ArrayList<>();
      for (int i = 1; i < cls.length; i++) {
        classes.add(unescape(cls[i]));
      }
      List<Item> items = new ArrayList<>();
      List<Integer> labels = new ArrayList<>();
      for (int l = 3; l < lines.length; l++) {
        String[] f = lines[l].split("\t", -1);
        boolean used = f[0].equals("used");
        int c = Integer.parseInt(f[1]);
        items.add(new Item(unescape(f[2]), c, used, unescape(f[3])));
        if (used) {
          labels.add(c);
        }
      }
      int n = shape.size();
      if ((long) labels.size() * n != dataBytes) {
        throw new IOException("the cache holds " + dataBytes + " pixel bytes for " + labels.size()
            + " images of " + n);
      }
      int perChunk = Math.max(1, Integer.MAX_VALUE / n);
      int chunkCount = labels.isEmpty() ? 0 : (labels.size() + perChunk - 1) / perChunk;
      MappedByteBuffer[] chunks = new MappedByteBuffer[chunkCount];
      for (int c = 0; c < chunkCount; c++) {
        int count = Math.min(perChunk, labels.size() - c * perChunk);
        chunks[c] = ch.map(FileChannel.MapMode.READ_ONLY, DATA_OFFSET + (long) c * perChunk * n,
            (long) count * n);
      }
      int[] labelArray = labels.stream().mapToInt(Integer::intValue).toArray();
      return new Opened(file, key, classes, items, new MappedImages(shape, labelArray, chunks, perChunk),
          built);
    }
  }

  static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\t' -> sb.append("\\t");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  static String unescape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char d = s.charAt(++i);
        sb.append(switch (d) {
          case 't' -> '\t';
          case 'n' -> '\n';
          case 'r' -> '\r';
          default -> d;
        });
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
