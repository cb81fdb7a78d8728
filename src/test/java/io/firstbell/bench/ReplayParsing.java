package io.firstbell.bench;

import io.firstbell.config.FirstBellConfig;
import io.firstbell.replay.Recording;
import io.firstbell.replay.RecordingReader;
import io.firstbell.replay.ReplaySettings;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Benchmark: reading a day of nginx access log (combined format) for replay. It writes a synthetic day of {@code N} lines once
 * (a school day's shape: quiet nights, a morning peak; one line in eight a login), then reads it in {@code K} fresh JVMs,
 * plain and gzip-compressed, optionally beside a CPU-noise neighbour, and prints each run's lines/s, the median and the spread.
 *
 * <pre>
 * ./mvnw -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) io.firstbell.bench.ReplayParsing 5000000 3 0.5
 * </pre>
 */
public final class ReplayParsing {

  private static final DateTimeFormatter TIME_LOCAL = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.ofHours(-4));
  private static final String[] PATHS = {"/assets/app.css", "/assets/portal.js", "/portal", "/in/%s", "/apps/sample/launch", "/favicon.ico"};

  private ReplayParsing() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--one")) {
      one(Path.of(args[1]));
      return;
    }
    long lines = args.length > 0 ? Long.parseLong(args[0]) : 5_000_000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    double noise = args.length > 2 ? Double.parseDouble(args[2]) : 0;
    Path dir = Files.createDirectories(Path.of("target", "bench"));
    Path log = dir.resolve("day-access-" + lines + ".log");
    Path gz = dir.resolve("day-access-" + lines + ".log.gz");
    if (!Files.isRegularFile(gz)) write(log, gz, lines);
    System.out.printf(Locale.ROOT, "a day of nginx access log: %,d lines, %,d MB plain, %,d MB gzip%n", lines, Files.size(log) >> 20, Files.size(gz) >> 20);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process neighbour = null;
    if (noise > 0) {
      neighbour = new ProcessBuilder(java, "bench/BreakingPointBenchmark.java", "--noise-only", String.valueOf(noise))
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      System.out.printf(Locale.ROOT, "noise neighbour: pid %d keeps %.2f of a core busy%n", neighbour.pid(), noise);
    }
    try {
      for (Path file : List.of(log, gz)) {
        List<Double> rates = new ArrayList<>();
        for (int k = 1; k <= runs; k++) {
          Process p = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"), ReplayParsing.class.getName(), "--one", file.toString())
              .redirectErrorStream(true).start();
          String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
          if (p.waitFor() != 0) throw new IllegalStateException(out);
          System.out.println("run " + k + " " + file.getFileName() + ": " + out);
          rates.add(Double.parseDouble(out.substring(out.lastIndexOf(' ') + 1)));
        }
        double[] sorted = rates.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "%s: median %,.0f lines/s, spread %,.0f..%,.0f%n", file.getFileName(), sorted[sorted.length / 2], sorted[0], sorted[sorted.length - 1]);
      }
    } finally {
      if (neighbour != null) neighbour.destroyForcibly();
    }
  }

  /** Reads {@code file} once as the replay does and prints the lines, the logins, the seconds and the rate. */
  private static void one(Path file) {
    ReplaySettings settings = ReplaySettings.from(FirstBellConfig.withOverrides("firstbell.load.replay { source = \"" + file
        + "\", format = nginx, match { method = POST, path = \"^/in/(?<district>[^/]+)$\", status = [302] } }"));
    long start = System.nanoTime();
    Recording r = RecordingReader.read(settings);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(Locale.ROOT, "%,d lines, %,.0f logins over %,d s, %d districts, read in %.2f s, heap %d MB: lines/s %.0f%n",
        r.stats().linesRead(), r.total(), r.seconds(), r.keyed().size(), seconds,
        (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20, r.stats().linesRead() / seconds);
  }

  private static void write(Path log, Path gz, long lines) throws IOException {
    Random random = new Random(42);
    long day = Instant.parse("2026-09-08T04:00:00Z").getEpochSecond(); // local midnight, -04:00
    // a school day: the share of the day's lines in each hour, peaking before the first bells
    double[] hours = {1, 1, 1, 1, 1, 2, 8, 30, 20, 10, 8, 8, 8, 8, 8, 6, 4, 3, 2, 2, 2, 1, 1, 1};
    double sum = java.util.Arrays.stream(hours).sum();
    try (BufferedWriter plain = Files.newBufferedWriter(log, StandardCharsets.ISO_8859_1);
        OutputStream zipped = new GZIPOutputStream(Files.newOutputStream(gz), 1 << 16);
        BufferedWriter gzip = new BufferedWriter(new OutputStreamWriter(zipped, StandardCharsets.ISO_8859_1), 1 << 16)) {
      long written = 0;
      for (int h = 0; h < 24; h++) {
        long n = h == 23 ? lines - written : Math.round(lines * hours[h] / sum);
        for (long i = 0; i < n; i++) {
          long t = day + h * 3600L + (i * 3600 / Math.max(1, n));
          String district = "district-" + random.nextInt(40);
          boolean login = random.nextInt(8) == 0;
          String path = login ? "/in/" + district : String.format(PATHS[random.nextInt(PATHS.length)], district);
          String line = "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256) + " - - ["
              + TIME_LOCAL.format(Instant.ofEpochSecond(t)) + "] \"" + (login ? "POST " : "GET ") + path + "?ref=" + random.nextInt(1000) + " HTTP/1.1\" "
              + (login ? 302 : 200) + " " + random.nextInt(40000) + " \"https://portal.example.org/\" \"Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36\"\n";
          plain.write(line);
          gzip.write(line);
        }
        written += n;
      }
    }
  }
}
