import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Benchmark helper (not part of the build): writes full-size fruit ImageFolders derived from the
 * shared 1,200-image sample, to measure cnn-bench above toy size.
 *
 * <pre>
 * java bench/MakeFruitFolders.java ../shared/datasets/fruits-sample /work/bigdata 14000 70000
 * </pre>
 *
 * writes {@code <out>/fruits-14000/} and {@code <out>/fruits-70000/}, each with {@code fresh/} and
 * {@code rotten/} (the sample's classes, in its proportions), a {@code groups.csv} (every derived
 * image in the group of the photo it comes from, so the group-aware split keeps copies of one photo
 * on one side) and a {@code GENERATED.txt}. Image i is derived from sample photo {@code i mod
 * 1200}, seeded by i: width and height each drawn from 100-400 px, a random horizontal flip, a
 * brightness change of up to 15 %; about 75 % JPEG (quality 0.70-0.95), 25 % PNG (of those a few
 * grey and a few with an alpha channel). One file in 2,000 is deliberately broken (truncated JPEG,
 * empty file, text with an image name, PNG with a damaged header), and the loader must skip and
 * list them. The same arguments always write the same files. Never write into the repository.
 */
public final class MakeFruitFolders {

  private MakeFruitFolders() {}

  record Source(Path file, String className, String group) {}

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println(
          "usage: java bench/MakeFruitFolders.java <sample folder> <output folder> <count>..."
              + "\n  e.g. java bench/MakeFruitFolders.java ../shared/datasets/fruits-sample /work/bigdata 14000 70000");
      System.exit(2);
    }
    Path sample = Path.of(args[0]).toAbsolutePath().normalize();
    Path out = Path.of(args[1]).toAbsolutePath().normalize();
    if (Files.isDirectory(out.resolve(".git")) || Files.exists(out.resolve("pom.xml"))) {
      System.err.println(
          out + " looks like a repository; give a data folder outside it (e.g. /work/bigdata)");
      System.exit(2);
    }
    List<Source> sources = sources(sample);
    for (int a = 2; a < args.length; a++) {
      int count = Integer.parseInt(args[a]);
      write(sources, out.resolve("fruits-" + count), count);
    }
  }

  static List<Source> sources(Path sample) throws IOException {
    Map<String, String> groups = new HashMap<>();
    Path groupsCsv = sample.resolve("groups.csv");
    if (Files.exists(groupsCsv)) {
      List<String> lines = Files.readAllLines(groupsCsv, StandardCharsets.UTF_8);
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.split(",", 2);
        if (f.length == 2) {
          groups.put(f[0], f[1]);
        }
      }
    }
    List<Source> out = new ArrayList<>();
    List<Path> classDirs;
    try (Stream<Path> s = Files.list(sample)) {
      classDirs = s.filter(Files::isDirectory).sorted().toList();
    }
    for (Path dir : classDirs) {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
          String rel = sample.relativize(f).toString().replace('\\', '/');
          out.add(new Source(f, dir.getFileName().toString(), groups.getOrDefault(rel, rel)));
        }
      }
    }
    if (out.isEmpty()) {
      throw new IOException("no images in " + sample);
    }
    return out;
  }

  static void write(List<Source> sources, Path dir, int count) throws Exception {
    if (Files.exists(dir.resolve("GENERATED.txt"))) {
      System.out.println(dir + " exists (GENERATED.txt); delete it to regenerate");
      return;
    }
    Files.createDirectories(dir);
    int threads = Runtime.getRuntime().availableProcessors();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long start = System.nanoTime();
    String[] groupLines = new String[count];
    int[] broken = new int[1];
    try {
      List<Future<String>> window = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int index = i;
        window.add(pool.submit(() -> one(sources, dir, index)));
        if (window.size() >= threads * 8 || i == count - 1) {
          for (Future<String> f : window) {
            String line = f.get();
            if (line.contains(",broken-")) {
              broken[0]++;
            }
          }
          int first = i - window.size() + 1;
          for (int k = 0; k < window.size(); k++) {
            groupLines[first + k] = window.get(k).get();
          }
          window.clear();
        }
        if ((i + 1) % 5000 == 0) {
          System.out.printf(Locale.ROOT, "%s: %d/%d images%n", dir.getFileName(), i + 1, count);
        }
      }
    } finally {
      pool.shutdown();
    }
    StringBuilder csv = new StringBuilder("file,group\n");
    for (String line : groupLines) {
      csv.append(line).append('\n');
    }
    Files.writeString(dir.resolve("groups.csv"), csv, StandardCharsets.UTF_8);
    long bytes;
    try (Stream<Path> s = Files.walk(dir)) {
      bytes =
          s.filter(Files::isRegularFile)
              .mapToLong(
                  p -> {
                    try {
                      return Files.size(p);
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                  })
              .sum();
    }
    String summary =
        String.format(
            Locale.ROOT,
            "%d files (%d deliberately broken) derived from %d sample"
                + " images, %.1f MB, written in %.1f s by bench/MakeFruitFolders.java%n",
            count,
            broken[0],
            sources.size(),
            bytes / 1e6,
            (System.nanoTime() - start) / 1e9);
    Files.writeString(dir.resolve("GENERATED.txt"), summary, StandardCharsets.UTF_8);
    System.out.print(dir + ": " + summary);
  }

  /** Writes image {@code i}; returns its groups.csv line. */
  static String one(List<Source> sources, Path dir, int i) throws IOException {
    Source src = sources.get(i % sources.size());
    SplittableRandom r = new SplittableRandom(0x5EED_F00DL * 31 + i);
    String stem = src.file().getFileName().toString().replaceFirst("\\.[^.]+$", "");
    Path classDir = dir.resolve(src.className());
    Files.createDirectories(classDir);
    if (i % 2000 == 1999) {
      return broken(src, classDir, stem, i, r);
    }
    BufferedImage in = ImageIO.read(src.file().toFile());
    if (in == null) {
      throw new IOException("cannot read sample image " + src.file());
    }
    int w = 100 + r.nextInt(301);
    int h = 100 + r.nextInt(301);
    boolean png = r.nextInt(4) == 0;
    int kind = png ? r.nextInt(20) : 0; // PNG: 0 grey, 1 alpha, else RGB
    int type =
        png && kind == 0
            ? BufferedImage.TYPE_BYTE_GRAY
            : png && kind == 1 ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
    BufferedImage img = new BufferedImage(w, h, type);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      if (r.nextBoolean()) {
        g.drawImage(in, w, 0, -w, h, null);
      } else {
        g.drawImage(in, 0, 0, w, h, null);
      }
    } finally {
      g.dispose();
    }
    float gain = (float) (0.85 + 0.3 * r.nextDouble());
    if (type != BufferedImage.TYPE_BYTE_GRAY) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int p = img.getRGB(x, y);
          int a = type == BufferedImage.TYPE_INT_ARGB ? 128 + (x * 127 / Math.max(1, w - 1)) : 255;
          img.setRGB(
              x,
              y,
              a << 24
                  | clamp((p >> 16 & 0xFF) * gain) << 16
                  | clamp((p >> 8 & 0xFF) * gain) << 8
                  | clamp((p & 0xFF) * gain));
        }
      }
    }
    String name = String.format(Locale.ROOT, "%s_%06d.%s", stem, i, png ? "png" : "jpg");
    Path file = classDir.resolve(name);
    if (png) {
      ImageIO.write(img, "png", file.toFile());
    } else {
      jpeg(img, file, (float) (0.70 + 0.25 * r.nextDouble()));
    }
    return src.className() + "/" + name + "," + src.group();
  }

  private static String broken(Source src, Path classDir, String stem, int i, SplittableRandom r)
      throws IOException {
    int kind = (i / 2000) % 4;
    String name =
        String.format(Locale.ROOT, "%s_%06d_broken.%s", stem, i, kind == 3 ? "png" : "jpg");
    Path file = classDir.resolve(name);
    byte[] original = Files.readAllBytes(src.file());
    switch (kind) {
      case 0 -> Files.write(file, Arrays.copyOf(original, original.length / 2)); // truncated JPEG
      case 1 -> Files.write(file, new byte[0]); // empty
      case 2 -> Files.writeString(file, "this is not an image\n"); // text named .jpg
      default -> {
        BufferedImage img = new BufferedImage(120, 120, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        ImageIO.write(img, "png", b);
        byte[] bytes = b.toByteArray();
        for (int k = 12; k < 29; k++) {
          bytes[k] = (byte) r.nextInt(256); // damaged IHDR chunk
        }
        Files.write(file, bytes);
      }
    }
    return src.className() + "/" + name + ",broken-" + i;
  }

  private static int clamp(float v) {
    return Math.max(0, Math.min(255, Math.round(v)));
  }

  private static void jpeg(BufferedImage img, Path file, float quality) throws IOException {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
    ImageWriter writer = writers.next();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
      writer.setOutput(out);
      ImageWriteParam p = writer.getDefaultWriteParam();
      p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      p.setCompressionQuality(quality);
      writer.write(null, new IIOImage(img, null, null), p);
    } finally {
      writer.dispose();
    }
  }
}
