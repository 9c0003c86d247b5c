package org.cnnbench.data.fruits;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.cnnbench.data.DatasetException;
import org.cnnbench.spec.Shape;
import org.cnnbench.text.Splits;

/**
 * Decoded, resized uint8 images of one {@link ImageFolder}, cached in one file under {@code
 * <datasets root>/cache/} whose name holds the folder's key (file list, sizes, modification times,
 * target shape, decoder version). Layout: a 4 KiB prologue (magic, offsets, image count, CRC-32C of
 * the pixels), the pixels of every decodable file in listing order ({@code C*H*W} bytes each), then
 * a UTF-8 index with one line per listed file (used or skipped, with the reason). The file is
 * written under a temporary name and renamed atomically only once it reads back complete, so a
 * half-written cache is never read; a {@code .build} file beside it records how it was built
 * (images, seconds, threads).
 */
public final class DecodeCache {

  private static final long MAGIC = 0x434E4E4246525432L; // "CNNBFRT2"
  private static final int PROLOGUE = 44;
  private static final int DATA_OFFSET = 4096;
  private static final AtomicLong DECODED = new AtomicLong();

  private DecodeCache() {}

  /**
   * @return images decoded by this process so far (for tests: a reused cache decodes nothing)
   */
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
  public record Opened(
      Path file,
      String key,
      List<String> classes,
      List<Item> items,
      MappedImages images,
      boolean built) {

    /**
     * @return the skipped files
     */
    public List<Item> skipped() {
      return items.stream().filter(i -> !i.used()).toList();
    }

    /**
     * @return the used files, in the order of {@link #images()}
     */
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

  /**
   * @return the name start shared by every cache of this folder and shape: fruits-FOLDER-CxHxW-
   */
  private static String prefix(ImageFolder folder, Shape shape) {
    String folderHash = Integer.toHexString(folder.root().toString().hashCode() | 0x10000000);
    return "fruits-"
        + folderHash
        + "-"
        + shape.channels()
        + "x"
        + shape.height()
        + "x"
        + shape.width()
        + "-";
  }

  /**
   * Deletes the older caches of the same folder and shape (the folder changed since), so a changing
   * dataset does not fill the disk. A process that still has one mapped keeps reading it: on POSIX
   * systems a deleted file lives on while it is mapped.
   */
  private static void removeStale(ImageFolder folder, Shape shape, Path keep) {
    String prefix = prefix(folder, shape);
    try (Stream<Path> list = Files.list(keep.getParent())) {
      for (Path p : (Iterable<Path>) list::iterator) {
        String name = p.getFileName().toString();
        boolean cacheOrSidecar =
            name.endsWith(".u8") || name.endsWith(".u8.build") || name.endsWith(".u8.lock");
        if (name.startsWith(prefix)
            && cacheOrSidecar
            && !name.startsWith(keep.getFileName().toString())) {
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
      throw new DatasetException(
          "the fruit dataset decodes RGB images; the model's input has "
              + shape.channels()
              + " channels, expected 3");
    }
    Path file = file(folder, shape, cacheDir);
    String key = folder.key(shape);
    boolean built = false;
    if (!Files.isRegularFile(file)) {
      built = build(folder, shape, file, key, false);
    }
    try {
      return open(file, key, shape, built);
    } catch (IOException | RuntimeException e) {
      if (built) {
        throw new DatasetException(
            "cannot read the decode cache " + file + " just written: " + e, e);
      }
      // A damaged cache (not a half-written one: those never get the final name): rebuild it once.
      System.err.println(
          "decode cache: " + file + " is damaged (" + e.getMessage() + "); rebuilding it");
      boolean rebuilt = build(folder, shape, file, key, true);
      try {
        return open(file, key, shape, rebuilt);
      } catch (IOException ex) {
        throw new DatasetException("cannot read the decode cache " + file + ": " + ex, ex);
      }
    }
  }

  /** System property that sets the decoding threads (default: every core). */
  public static final String THREADS_PROPERTY = "cnnbench.decode.threads";

  /** Serialises builds inside one JVM; a file lock serialises them between processes. */
  private static final Object BUILD_MONITOR = new Object();

  /**
   * @return the threads a build decodes with: {@value #THREADS_PROPERTY}, else every core
   */
  public static int decodeThreads() {
    String v = System.getProperty(THREADS_PROPERTY, "").strip();
    if (!v.isEmpty()) {
      try {
        int n = Integer.parseInt(v);
        if (n >= 1) {
          return n;
        }
      } catch (NumberFormatException ignored) {
        // reported below
      }
      throw new DatasetException(
          "-D" + THREADS_PROPERTY + " must be a whole number of at least 1, got '" + v + "'");
    }
    return Math.max(1, Runtime.getRuntime().availableProcessors());
  }

  /**
   * @param cache a cache file
   * @return how it was built ({@code images=..., seconds=..., threads=..., ...}), or "" if unknown
   */
  public static String buildRecord(Path cache) {
    Path f = cache.resolveSibling(cache.getFileName() + ".build");
    try {
      return Files.isRegularFile(f) ? Files.readString(f, StandardCharsets.UTF_8).strip() : "";
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * Decodes every file into {@code file}. Only one process builds a cache at a time (a lock file
   * beside it); files left by a killed build are removed first. Decoding runs on a bounded pool of
   * {@link #decodeThreads()} threads with a bounded window of images in flight, written in listing
   * order as they come, so memory does not grow with the dataset (only the per-file index does,
   * about a hundred bytes a file). The cache is written under a temporary name, forced to disk,
   * read back and checked (structure and a CRC-32C of the pixels) and only then renamed.
   *
   * @param force build even if a cache file exists, unless it turned readable while waiting for the
   *     lock
   * @return true if this call decoded, false if another process built the cache meanwhile
   */
  private static boolean build(
      ImageFolder folder, Shape shape, Path file, String key, boolean force) {
    synchronized (BUILD_MONITOR) {
      try {
        Files.createDirectories(file.getParent());
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        try (FileChannel lockChannel =
            FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
          FileLock lock = lockChannel.tryLock();
          if (lock == null) {
            System.err.println(
                "decode cache: another process is building " + file + "; waiting for it");
            lock = lockChannel.lock();
          }
          try {
            if (Files.isRegularFile(file) && (!force || readable(file, key, shape))) {
              return false; // built by the process we waited for
            }
            removeLeftoverParts(file);
            buildLocked(folder, shape, file, key);
            return true;
          } finally {
            lock.release();
          }
        }
      } catch (ClosedByInterruptException e) {
        Thread.currentThread().interrupt();
        throw new DatasetException(
            "interrupted while decoding " + folder.root() + " into " + file, e);
      } catch (IOException e) {
        throw new DatasetException(
            "cannot write the decode cache " + file + ": " + e.getMessage(), e);
      }
    }
  }

  private static boolean readable(Path file, String key, Shape shape) {
    try {
      open(file, key, shape, false);
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Deletes the temporary files of builds that were killed (only called while holding the lock).
   */
  private static void removeLeftoverParts(Path file) throws IOException {
    String start = "." + file.getFileName() + ".";
    try (Stream<Path> list = Files.list(file.getParent())) {
      for (Path p : (Iterable<Path>) list::iterator) {
        String name = p.getFileName().toString();
        if (name.startsWith(start) && name.endsWith(".part")) {
          System.err.println("decode cache: removing " + p + ", left by an interrupted build");
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static void buildLocked(ImageFolder folder, Shape shape, Path file, String key)
      throws IOException {
    int height = shape.height();
    int width = shape.width();
    int threads = decodeThreads();
    int window = threads * 4;
    Path tmp = null;
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "fruits-decode");
              t.setDaemon(true);
              return t;
            });
    List<ImageFolder.Entry> files = folder.files();
    DecodeProgress progress = new DecodeProgress(folder.root().toString(), files.size(), threads);
    long start = System.nanoTime();
    try {
      tmp = Files.createTempFile(file.getParent(), "." + file.getFileName() + ".", ".part");
      List<Item> items = new ArrayList<>(files.size());
      long dataBytes = 0;
      CRC32C crc = new CRC32C();
      int used = 0;
      long indexLength;
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.position(DATA_OFFSET);
        CountingStream out =
            new CountingStream(new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 20));
        ArrayDeque<Future<Object>> inFlight = new ArrayDeque<>();
        int next = 0;
        for (int done = 0; done < files.size(); done++) {
          while (next < files.size() && inFlight.size() < window) {
            ImageFolder.Entry entry = files.get(next++);
            Path p = folder.root().resolve(entry.relative());
            if (!entry.listed()) {
              inFlight.add(CompletableFuture.<Object>completedFuture(entry.problem()));
              continue;
            }
            inFlight.add(
                pool.submit(
                    () -> {
                      try {
                        return ImageDecoder.decode(p, width, height);
                      } catch (ImageDecoder.Rejected r) {
                        return r.getMessage();
                      }
                    }));
          }
          ImageFolder.Entry e = files.get(done);
          Object r = inFlight.removeFirst().get();
          if (r instanceof ImageDecoder.Decoded d) {
            out.write(d.pixels());
            crc.update(d.pixels());
            dataBytes += d.pixels().length;
            used++;
            items.add(
                new Item(
                    e.relative(), e.classIndex(), true, d.sourceWidth() + "x" + d.sourceHeight()));
          } else {
            items.add(new Item(e.relative(), e.classIndex(), false, (String) r));
          }
          DECODED.incrementAndGet();
          progress.update(done + 1);
        }
        long before = out.count();
        writeIndex(out, key, shape, folder.classes(), items);
        out.flush();
        indexLength = out.count() - before;
        long indexOffset = DATA_OFFSET + dataBytes;
        ByteBuffer pro = ByteBuffer.allocate(PROLOGUE);
        pro.putLong(MAGIC)
            .putLong(dataBytes)
            .putLong(indexOffset)
            .putLong(indexLength)
            .putLong(crc.getValue())
            .putInt(used)
            .flip();
        ch.write(pro, 0);
        ch.force(true);
      }
      verify(tmp, key, shape, crc.getValue(), used);
      double seconds = (System.nanoTime() - start) / 1e9;
      String record =
          String.format(
              Locale.ROOT,
              "files=%d images=%d skipped=%d seconds=%.3f"
                  + " images_per_second=%.1f threads=%d cache_bytes=%d built=%s",
              files.size(),
              used,
              files.size() - used,
              seconds,
              files.size() / Math.max(seconds, 1e-9),
              threads,
              Files.size(tmp),
              Instant.now());
      Files.writeString(
          file.resolveSibling(file.getFileName() + ".build"),
          record + "\n",
          StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
      progress.finish(file, record);
      removeStale(folder, shape, file);
    } catch (ExecutionException e) {
      throw new DatasetException(
          "decoding " + folder.root() + " failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DatasetException("interrupted while decoding " + folder.root(), e);
    } finally {
      pool.shutdownNow();
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // a leftover '.…part' file is never read, and the next build removes it
        }
      }
    }
  }

  /** Reads a just-written cache back: its structure, then the CRC-32C of every pixel byte. */
  private static void verify(Path tmp, String key, Shape shape, long crc, int images)
      throws IOException {
    Opened o = open(tmp, key, shape, true);
    if (o.images().size() != images) {
      throw new IOException(
          "the cache written holds " + o.images().size() + " images, expected " + images);
    }
    CRC32C check = new CRC32C();
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.READ)) {
      ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
      long pos = DATA_OFFSET;
      long end = DATA_OFFSET + (long) images * shape.size();
      while (pos < end) {
        buf.clear().limit((int) Math.min(buf.capacity(), end - pos));
        int n = ch.read(buf, pos);
        if (n < 0) {
          throw new IOException("the cache written ends early");
        }
        buf.flip();
        check.update(buf);
        pos += n;
      }
    }
    if (check.getValue() != crc) {
      throw new IOException("the cache written does not read back the same (CRC-32C mismatch)");
    }
  }

  /** Counts the bytes written through it. */
  private static final class CountingStream extends FilterOutputStream {
    private long count;

    CountingStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }

    long count() {
      return count;
    }
  }

  private static void writeIndex(
      OutputStream out, String key, Shape shape, List<String> classes, List<Item> items)
      throws IOException {
    StringBuilder head = new StringBuilder();
    head.append("key\t").append(key).append('\n');
    head.append("shape\t")
        .append(shape.channels())
        .append('\t')
        .append(shape.height())
        .append('\t')
        .append(shape.width())
        .append('\n');
    head.append("classes");
    for (String c : classes) {
      head.append('\t').append(escape(c));
    }
    head.append('\n');
    out.write(head.toString().getBytes(StandardCharsets.UTF_8));
    for (Item i : items) {
      out.write(
          ((i.used() ? "used" : "skipped")
                  + '\t'
                  + i.classIndex()
                  + '\t'
                  + escape(i.relative())
                  + '\t'
                  + escape(i.detail())
                  + '\n')
              .getBytes(StandardCharsets.UTF_8));
    }
  }

  private static Opened open(Path file, String key, Shape shape, boolean built) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer pro = ByteBuffer.allocate(PROLOGUE);
      while (pro.hasRemaining() && ch.read(pro, pro.position()) > 0) {
        // read the prologue fully
      }
      pro.flip();
      if (pro.remaining() < PROLOGUE || pro.getLong() != MAGIC) {
        throw new IOException("not a fruit decode cache (bad magic)");
      }
      long dataBytes = pro.getLong();
      long indexOffset = pro.getLong();
      long indexLong = pro.getLong();
      pro.getLong(); // CRC-32C of the pixels, checked when the cache is built
      int imageCount = pro.getInt();
      if (indexOffset != DATA_OFFSET + dataBytes
          || indexOffset + indexLong != ch.size()
          || indexLong > Integer.MAX_VALUE
          || (long) imageCount * shape.size() != dataBytes) {
        throw new IOException("inconsistent sizes in the cache file");
      }
      int indexLength = (int) indexLong;
      ByteBuffer ib = ByteBuffer.allocate(indexLength);
      while (ib.hasRemaining() && ch.read(ib, indexOffset + ib.position()) > 0) {
        // read the index fully
      }
      String[] lines =
          Splits.dropTrailingEmpty(new String(ib.array(), StandardCharsets.UTF_8), "\n");
      if (!lines[0].equals("key\t" + key)) {
        throw new IOException("the cache belongs to another key");
      }
      String expectedShape =
          "shape\t" + shape.channels() + "\t" + shape.height() + "\t" + shape.width();
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
        throw new IOException(
            "the cache holds "
                + dataBytes
                + " pixel bytes for "
                + labels.size()
                + " images of "
                + n);
      }
      int perChunk = Math.max(1, Integer.MAX_VALUE / n);
      int chunkCount = labels.isEmpty() ? 0 : (labels.size() + perChunk - 1) / perChunk;
      MappedByteBuffer[] chunks = new MappedByteBuffer[chunkCount];
      for (int c = 0; c < chunkCount; c++) {
        int count = Math.min(perChunk, labels.size() - c * perChunk);
        chunks[c] =
            ch.map(
                FileChannel.MapMode.READ_ONLY,
                DATA_OFFSET + (long) c * perChunk * n,
                (long) count * n);
      }
      int[] labelArray = labels.stream().mapToInt(Integer::intValue).toArray();
      return new Opened(
          file, key, classes, items, new MappedImages(shape, labelArray, chunks, perChunk), built);
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
        sb.append(
            switch (d) {
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
