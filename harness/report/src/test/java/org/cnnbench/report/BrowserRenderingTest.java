package org.cnnbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.cnnbench.text.Splits;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads {@code index.html} and {@code slides.html}, generated from the fixture, in headless Debian
 * Chromium: every image loads, every chart renders non-blank, the pages are not blank, nothing runs
 * off the page or is cut with an ellipsis at 1280×720 and at the printed page widths, and the deck
 * prints to one PDF page per slide.
 */
class BrowserRenderingTest {

  private static final Pattern IMG = Pattern.compile("<img src=\"([^\"]+)\"");
  private static final int CELL_W = 450;
  private static final int CELL_H = 240;

  @TempDir static Path tmp;
  static Path chromium;
  static Path report;

  @BeforeAll
  static void generate() throws IOException {
    chromium = findChromium();
    if (chromium == null) {
      if ("1".equals(System.getenv("CNNBENCH_SKIP_BROWSER"))) {
        Assumptions.abort("CNNBENCH_SKIP_BROWSER=1 and no chromium: browser checks skipped");
      }
      fail(
          "Debian chromium is needed to check the report in a real browser: install it with "
              + "'apt-get update && apt-get install -y chromium' (or set CNNBENCH_SKIP_BROWSER=1 to skip)");
    }
    report = tmp.resolve("report");
    // with the Python reference, memory over time and the batch-size sweep: every section and slide
    HtmlReport.generate(Fixtures.withMemory(tmp.resolve("memory-run")), report);
    fruitReport = tmp.resolve("fruit-report");
    HtmlReport.generate(
        withFruitNotes(Fixtures.run("run-3-repeats"), tmp.resolve("fruit-run")), fruitReport);
  }

  static Path fruitReport;

  /**
   * A copy of a fixture run whose data notes are those of a real fruit trial (shared sample) with
   * 23 skipped files: the longest data slide a run produces.
   */
  private static Path withFruitNotes(Path run, Path into) throws IOException {
    Files.createDirectories(into);
    for (String f : List.of("trials.csv", "epochs.csv")) {
      Files.copy(run.resolve(f), into.resolve(f));
    }
    List<String> env = new ArrayList<>();
    for (String line : Files.readAllLines(run.resolve("environment.csv"))) {
      if (!line.startsWith("dataset.")) {
        env.add(line);
      }
    }
    List<String> notes = Files.readAllLines(Fixtures.run("fruit-data-notes.csv"));
    for (String line : notes.subList(1, notes.size())) {
      env.add("dataset.mnist.mnist-cnn." + line);
    }
    Files.write(into.resolve("environment.csv"), env);
    return into;
  }

  @Test
  void noSlideRunsOutOfItsFrame() throws Exception {
    for (Path dir : List.of(report, fruitReport)) {
      String html = Files.readString(dir.resolve("slides.html"));
      Path check = dir.resolve("check-overflow.html");
      Files.writeString(check, html.replace("</body>", OVERFLOW_SCRIPT + "</body>"));
      Result r =
          chromium(
              List.of("--dump-dom", "--virtual-time-budget=10000", "--window-size=1800,1000"),
              check);
      Matcher m =
          Pattern.compile("CNNBENCH-OVERFLOW slides=(\\d+) over=\\[([^\\]]*)\\]")
              .matcher(r.stdout());
      assertTrue(m.find(), dir + ": the check script did not run; chromium said: " + r.stderr());
      int slides = html.split("<section class=\"slide", -1).length - 1;
      assertEquals(slides, Integer.parseInt(m.group(1)), dir + ": slides measured");
      assertEquals(
          "",
          m.group(2).strip(),
          dir
              + ": slides whose content runs past the frame's content box"
              + " (under the footer or off the 16:9 page): slide id, element, pixels");
    }
    assertTrue(
        Files.readString(fruitReport.resolve("slides.html"))
            .contains("rotten/bananas/IMG_0019.jpg"),
        "the long fruit notes are on the data slide");
  }

  /**
   * For each slide, every element but the footer must end inside the slide's content box (its
   * padding is the margin the footer sits in); prints the offenders.
   */
  private static final String OVERFLOW_SCRIPT =
      "<script>window.addEventListener('load', function () {"
          + "var over = []; var slides = Array.from(document.querySelectorAll('section.slide'));"
          + "slides.forEach(function (s) { var b = s.getBoundingClientRect(); var cs = getComputedStyle(s);"
          + " var bottom = b.bottom - parseFloat(cs.paddingBottom) + 1; var right = b.right - parseFloat(cs.paddingRight) + 1;"
          + " var footer = s.querySelector('.footer'); if (footer) { bottom = Math.min(bottom, footer.getBoundingClientRect().top + 1); }"
          + " Array.from(s.querySelectorAll('*')).forEach(function (e) {"
          + "  if (footer && (e === footer || footer.contains(e))) { return; }"
          + "  var r = e.getBoundingClientRect(); if (r.width === 0 && r.height === 0) { return; }"
          + "  var px = Math.max(r.bottom - bottom, r.right - right);"
          + "  if (px > 0 && e.parentElement && !e.parentElement.closest('.over-reported')) {"
          + "   over.push(s.id + ':' + e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + ':' + Math.round(px));"
          + "   e.classList.add('over-reported'); } }); });"
          + "var p = document.createElement('pre'); p.textContent = 'CNNBENCH-OVERFLOW slides=' + slides.length"
          + " + ' over=[' + over.join(' ') + ']'; document.body.appendChild(p); });</script>";

  /**
   * At 1280×720 (a laptop, a projector) neither page has a table or text wider than the page or its
   * box, and no text is cut: the report and the slides (with the longest data slide) in full.
   */
  @Test
  void nothingOverflowsOrIsCutAt1280x720() throws Exception {
    assertEquals(
        "",
        overflow(report.resolve("index.html"), 1280, 720)
            + overflow(fruitReport.resolve("index.html"), 1280, 720)
            + overflow(report.resolve("slides.html"), 1280, 720)
            + overflow(fruitReport.resolve("slides.html"), 1280, 720),
        "elements that run off the page, hide part of their content or cut text with an ellipsis");
  }

  /**
   * Printed, the report's page is landscape A4 with 10 mm margins, which leaves 277 mm (about 1047
   * CSS pixels) for the content: laid out at that width it must not overflow either; the deck at
   * its 16:9 page size (1536 CSS pixels wide) neither.
   */
  @Test
  void nothingOverflowsAtPrintedPageWidths() throws Exception {
    Path pdf = tmp.resolve("report.pdf");
    chromium(
        List.of("--print-to-pdf=" + pdf, "--no-pdf-header-footer"), report.resolve("index.html"));
    Matcher box =
        Pattern.compile("/MediaBox\\s*\\[\\s*0\\s+0\\s+([0-9.]+)\\s+([0-9.]+)")
            .matcher(new String(Files.readAllBytes(pdf), StandardCharsets.ISO_8859_1));
    assertTrue(box.find(), "the report's PDF has a page size");
    assertEquals(297 / 25.4 * 72, Double.parseDouble(box.group(1)), 2, "landscape A4: 297 mm wide");
    assertEquals(210 / 25.4 * 72, Double.parseDouble(box.group(2)), 2, "landscape A4: 210 mm high");
    assertEquals(
        "",
        overflow(report.resolve("index.html"), 1060, 1000)
            + overflow(fruitReport.resolve("index.html"), 1060, 1000)
            + overflow(fruitReport.resolve("slides.html"), 1800, 1000),
        "elements that run off the page, hide part of their content or cut text with an ellipsis");
  }

  /**
   * @return the offenders of {@link #PAGE_OVERFLOW_SCRIPT} on the page at that window size, or ""
   */
  private static String overflow(Path page, int width, int height) throws Exception {
    String html = Files.readString(page);
    Path check = page.resolveSibling("check-page-overflow-" + page.getFileName());
    Files.writeString(check, html.replace("</body>", PAGE_OVERFLOW_SCRIPT + "</body>"));
    Result r =
        chromium(
            List.of(
                "--dump-dom",
                "--virtual-time-budget=10000",
                "--window-size=" + width + "," + height),
            check);
    Matcher m =
        Pattern.compile("CNNBENCH-PAGE-OVERFLOW width=(\\d+) over=\\[([^\\]]*)\\]")
            .matcher(r.stdout());
    assertTrue(m.find(), page + ": the check script did not run; chromium said: " + r.stderr());
    String over = m.group(2).strip();
    return over.isEmpty()
        ? ""
        : page.getParent().getFileName()
            + "/"
            + page.getFileName()
            + " at "
            + width
            + "×"
            + height
            + ": "
            + over
            + "\n";
  }

  /**
   * Reports every element that ends right of the viewport, that scrolls or clips content wider or
   * taller than its box, or that cuts its text (text-overflow: ellipsis, line-clamp); the slides'
   * footers excepted. Each offender once, not its descendants.
   */
  private static final String PAGE_OVERFLOW_SCRIPT =
      "<script>window.addEventListener('load', function () {"
          + "var over = []; var vw = document.documentElement.clientWidth;"
          + "function name(e) { var s = e.closest('section[id]'); return (s ? s.id + '>' : '') + e.tagName.toLowerCase()"
          + " + (typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\\s+/).join('.') : ''); }"
          + "Array.from(document.body.querySelectorAll('*')).forEach(function (e) {"
          + " if (e.closest('.over-reported') || e.closest('.footer')) { return; }"
          + " var cs = getComputedStyle(e); var r = e.getBoundingClientRect();"
          + " if (r.width === 0 && r.height === 0) { return; } var why = null;"
          + " if (r.right > vw + 1) { why = 'ends at ' + Math.round(r.right) + 'px, the page at ' + vw; }"
          + " else if (/auto|scroll|hidden|clip/.test(cs.overflowX) && e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1) {"
          + "  why = 'hides ' + (e.scrollWidth - e.clientWidth) + 'px of width'; }"
          + " else if (/auto|scroll|hidden|clip/.test(cs.overflowY) && e.clientHeight > 0 && e.scrollHeight > e.clientHeight + 1) {"
          + "  why = 'hides ' + (e.scrollHeight - e.clientHeight) + 'px of height'; }"
          + " else if (cs.textOverflow === 'ellipsis' && e.scrollWidth > e.clientWidth + 1) { why = 'cuts text with an ellipsis'; }"
          + " else if (cs.webkitLineClamp && cs.webkitLineClamp !== 'none' && e.scrollHeight > e.clientHeight + 1) {"
          + "  why = 'cuts text after ' + cs.webkitLineClamp + ' lines'; }"
          + " if (why) { over.push(name(e) + ': ' + why); e.classList.add('over-reported'); } });"
          + "var p = document.createElement('pre'); p.textContent = 'CNNBENCH-PAGE-OVERFLOW width=' + vw"
          + " + ' over=[' + over.join(' | ').replace(/[\\[\\]]/g, '') + ']'; document.body.appendChild(p); });</script>";

  @Test
  void everyImageOfBothPagesLoads() throws Exception {
    for (String page : List.of("index.html", "slides.html")) {
      String html = Files.readString(report.resolve(page));
      Path check = report.resolve("check-" + page);
      Files.writeString(check, html.replace("</body>", CHECK_SCRIPT + "</body>"));
      Result r = chromium(List.of("--dump-dom", "--virtual-time-budget=10000"), check);
      Matcher m =
          Pattern.compile("CNNBENCH-IMAGES total=(\\d+) broken=\\[([^\\]]*)\\]")
              .matcher(r.stdout());
      assertTrue(m.find(), page + ": the check script did not run; chromium said: " + r.stderr());
      assertEquals(countImages(html), Integer.parseInt(m.group(1)), page + ": images in the DOM");
      assertEquals("", m.group(2), page + ": images that failed to load");
      assertTrue(Integer.parseInt(m.group(1)) >= (page.equals("index.html") ? 7 : 2), page);
      assertTrue(!r.stderr().contains("ERR_FILE_NOT_FOUND"), page + ": " + r.stderr());
    }
  }

  @Test
  void everyChartRendersNonBlank() throws Exception {
    String html = Files.readString(report.resolve("index.html"));
    List<String> charts = new ArrayList<>();
    Matcher m = IMG.matcher(html);
    while (m.find()) {
      charts.add(m.group(1));
    }
    assertTrue(charts.size() >= 7, "charts in index.html: " + charts);
    StringBuilder sheet =
        new StringBuilder(
            "<!DOCTYPE html><html><head><style>body{margin:0;background:#fff}"
                + "img{position:absolute;width:"
                + CELL_W
                + "px;height:"
                + CELL_H
                + "px}</style></head><body>");
    for (int i = 0; i < charts.size(); i++) {
      sheet.append(
          String.format(
              Locale.ROOT,
              "<img src=\"%s\" style=\"left:%dpx;top:%dpx\">",
              charts.get(i),
              (i % 2) * CELL_W,
              (i / 2) * CELL_H));
    }
    Path sheetFile = report.resolve("check-charts.html");
    Files.writeString(sheetFile, sheet.append("</body></html>"));
    Path png = tmp.resolve("charts.png");
    int rows = (charts.size() + 1) / 2;
    chromium(
        List.of(
            "--screenshot=" + png,
            "--window-size=" + 2 * CELL_W + "," + rows * CELL_H,
            "--hide-scrollbars"),
        sheetFile);
    BufferedImage shot = ImageIO.read(png.toFile());
    for (int i = 0; i < charts.size(); i++) {
      double[] stats = stats(shot, (i % 2) * CELL_W, (i / 2) * CELL_H, CELL_W, CELL_H);
      assertTrue(
          stats[0] > 200,
          charts.get(i) + " renders blank in the browser: luminance variance " + stats[0]);
      assertTrue(
          stats[1] > 0.02,
          charts.get(i) + " draws almost nothing: " + stats[1] + " of pixels not white");
    }
    for (String chart : charts) {
      BufferedImage file = ImageIO.read(report.resolve(chart.replace(".svg", ".png")).toFile());
      double[] stats = stats(file, 0, 0, file.getWidth(), file.getHeight());
      assertTrue(stats[0] > 200 && stats[1] > 0.02, chart + " PNG copy is blank");
    }
  }

  @Test
  void pagesAreNotBlankAndTheDeckPrintsOnePagePerSlide() throws Exception {
    for (String page : List.of("index.html", "slides.html")) {
      Path png = tmp.resolve(page + ".png");
      chromium(List.of("--screenshot=" + png, "--window-size=1280,2400"), report.resolve(page));
      BufferedImage shot = ImageIO.read(png.toFile());
      assertEquals(1280, shot.getWidth());
      double[] top = stats(shot, 0, 0, 1280, 1200);
      double[] bottom = stats(shot, 0, 1200, 1280, 1200);
      assertTrue(top[0] > 200 && bottom[0] > 200, page + " is blank: " + top[0] + ", " + bottom[0]);
    }
    for (Path dir : List.of(report, fruitReport)) {
      assertOnePdfPagePerSlide(dir);
    }
  }

  private static void assertOnePdfPagePerSlide(Path dir) throws Exception {
    Path pdf = dir.resolve("slides.pdf");
    chromium(
        List.of("--print-to-pdf=" + pdf, "--no-pdf-header-footer"), dir.resolve("slides.html"));
    String text = new String(Files.readAllBytes(pdf), StandardCharsets.ISO_8859_1);
    Matcher pages = Pattern.compile("/Type\\s*/Page[^s]").matcher(text);
    int count = 0;
    while (pages.find()) {
      count++;
    }
    int slides =
        Files.readString(dir.resolve("slides.html")).split("<section class=\"slide", -1).length - 1;
    assertEquals(slides, count, dir + ": one PDF page per slide");
    Matcher box =
        Pattern.compile("/MediaBox\\s*\\[\\s*0\\s+0\\s+([0-9.]+)\\s+([0-9.]+)").matcher(text);
    assertTrue(box.find(), "the PDF has a page size");
    assertEquals(16 * 72, Double.parseDouble(box.group(1)), 2, "16 in wide");
    assertEquals(9 * 72, Double.parseDouble(box.group(2)), 2, "9 in high");
  }

  private static final String CHECK_SCRIPT =
      "<script>window.addEventListener('load', function () {"
          + "var imgs = Array.from(document.images); var broken = imgs.filter(function (i) {"
          + " return !i.complete || i.naturalWidth === 0; }).map(function (i) { return i.getAttribute('src'); });"
          + "var p = document.createElement('pre'); p.textContent = 'CNNBENCH-IMAGES total=' + imgs.length"
          + " + ' broken=[' + broken.join(' ') + ']'; document.body.appendChild(p); });</script>";

  private static int countImages(String html) {
    return html.split("<img ", -1).length - 1;
  }

  /**
   * @return {luminance variance, fraction of pixels that are not near-white} of a region
   */
  private static double[] stats(BufferedImage img, int x0, int y0, int w, int h) {
    double sum = 0;
    double sq = 0;
    long dark = 0;
    long n = 0;
    for (int y = y0; y < Math.min(img.getHeight(), y0 + h); y++) {
      for (int x = x0; x < Math.min(img.getWidth(), x0 + w); x++) {
        int rgb = img.getRGB(x, y);
        double l =
            0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff);
        sum += l;
        sq += l * l;
        if (l < 235) {
          dark++;
        }
        n++;
      }
    }
    double mean = sum / n;
    return new double[] {sq / n - mean * mean, (double) dark / n};
  }

  private record Result(String stdout, String stderr) {}

  private static Result chromium(List<String> args, Path page)
      throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory(tmp, "chromium-profile");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                chromium.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile,
                "--enable-logging=stderr",
                "--v=0"));
    cmd.addAll(args);
    cmd.add(page.toUri().toString());
    Path out = tmp.resolve("chromium-" + System.nanoTime() + ".out");
    Path err = tmp.resolve("chromium-" + System.nanoTime() + ".err");
    Process p =
        new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("chromium did not finish in 120 s: " + cmd);
    }
    Result r = new Result(Files.readString(out), Files.readString(err));
    assertEquals(0, p.exitValue(), "chromium failed: " + r.stderr());
    return r;
  }

  private static Path findChromium() {
    for (String name : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
      if (Files.isExecutable(Path.of(name))) {
        return Path.of(name);
      }
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : Splits.dropTrailingEmpty(path, ":")) {
        Path p = Path.of(dir, "chromium");
        if (Files.isExecutable(p)) {
          return p;
        }
      }
    }
    return null;
  }
}
