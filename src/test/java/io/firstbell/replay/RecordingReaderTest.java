package io.firstbell.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigUtil;
import io.firstbell.config.FirstBellConfig;
import io.firstbell.config.SettingsException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a recording into logins per second: counts CSVs, nginx and ALB logs, gzip, windows, and bad input refused before load. */
class RecordingReaderTest {

  @TempDir
  Path dir;

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  private static ReplaySettings settings(Path source, String overrides) {
    return ReplaySettings.from(FirstBellConfig.withOverrides("firstbell.load.replay { source = " + ConfigUtil.quoteString(source.toString())
        + ", " + overrides + " }"));
  }

  private static Recording read(Path source, String overrides) {
    return RecordingReader.read(settings(source, overrides));
  }

  private static String failure(Path source, String overrides) {
    return assertThrows(SettingsException.class, () -> read(source, overrides)).getMessage();
  }

  private static String nginx(String time, String method, String path, int status) {
    return "10.0.0.1 - - [" + time + " -0400] \"" + method + " " + path + " HTTP/1.1\" " + status + " 0 \"-\" \"Mozilla/5.0\"\n";
  }

  @Test
  void countsPerMinuteAreSpreadEvenlyOverTheirMinute() throws IOException {
    Path csv = write("counts.csv", "time,logins\n2026-09-08T07:00:00-04:00,120\n2026-09-08T07:01:00-04:00,60\n2026-09-08T07:03:00-04:00,6\n");
    Recording r = read(csv, "format = counts");
    assertEquals(Instant.parse("2026-09-08T11:00:00Z"), r.start());
    assertEquals(240, r.seconds());
    assertEquals(2.0, r.counts()[0]);
    assertEquals(1.0, r.counts()[60]);
    assertEquals(0.0, r.counts()[120]);
    assertEquals(0.1, r.counts()[180], 1e-12);
    assertArrayEquals(new double[] {120, 60, 0, 6}, r.perMinute(), 1e-9);
    assertEquals(new Recording.Stats(4, 3, 0, 0, 0, 0), r.stats());
  }

  @Test
  void aPrometheusExportsTimesEndTheirIntervalAndAreEpochSeconds() throws IOException {
    Path csv = write("prom.csv", "time,logins,persona\n1788865260,60,student\n1788865320,30.5,teacher\n");
    Recording r = read(csv, "format = counts, counts.time = end");
    assertEquals(Instant.ofEpochSecond(1788865200), r.start());
    assertArrayEquals(new double[] {60, 30.5}, r.perMinute(), 1e-9);
    assertEquals(60, java.util.Arrays.stream(r.keyed().get("student|")).sum(), 1e-9);
    assertEquals(30.5, java.util.Arrays.stream(r.keyed().get("teacher|")).sum(), 1e-9);
  }

  @Test
  void anNginxLogCountsTheMatchedLinesPerSecondWithTheirDistrict() throws IOException {
    Path log = write("access.log", nginx("08/Sep/2026:07:00:00", "GET", "/in/oak", 200)
        + nginx("08/Sep/2026:07:00:00", "POST", "/in/oak", 302)
        + nginx("08/Sep/2026:07:00:00", "POST", "/in/elm", 302)
        + nginx("08/Sep/2026:07:00:01", "POST", "/in/oak", 401)
        + nginx("08/Sep/2026:07:00:02", "POST", "/in/oak", 302)
        + nginx("08/Sep/2026:07:00:02", "POST", "/in/oak", 200)
        + "not a log line\n");
    Recording r = read(log, "format = nginx, max-unparseable = 0.5");
    assertArrayEquals(new double[] {2, 0, 1}, r.counts());
    assertArrayEquals(new double[] {1, 0, 1}, r.keyed().get("|oak"));
    assertArrayEquals(new double[] {1, 0, 0}, r.keyed().get("|elm"));
    assertEquals(new Recording.Stats(7, 3, 1, 0, 0, 7), r.stats());
  }

  @Test
  void aWindowPicksThePartToReplay() throws IOException {
    StringBuilder log = new StringBuilder();
    for (int minute = 0; minute < 10; minute++) {
      for (int i = 0; i <= minute; i++) log.append(nginx(String.format("08/Sep/2026:06:%02d:%02d", 55 + minute > 59 ? 0 : 55 + minute, i), "POST", "/in/oak", 302)
          .replace("06:00:", "07:0" + (minute - 5) + ":"));
    }
    Recording r = read(write("w.log", log.toString()), "format = nginx, window { from = \"2026-09-08T07:00:00-04:00\", to = \"2026-09-08T07:02:00-04:00\" }");
    assertEquals(Instant.parse("2026-09-08T11:00:00Z"), r.start());
    assertEquals(120, r.seconds());
    assertArrayEquals(new double[] {6, 7}, r.perMinute(), 1e-9);
    assertEquals(55 - 13, r.stats().outsideWindow());
  }

  @Test
  void gzipIsReadByItsBytesAndTheDigestIsOfTheFileAsStored() throws Exception {
    byte[] text = (nginx("08/Sep/2026:07:00:00", "POST", "/in/oak", 302) + nginx("08/Sep/2026:07:00:03", "POST", "/in/oak", 200))
        .getBytes(StandardCharsets.UTF_8);
    Path gz = dir.resolve("access.log.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(text);
    }
    Recording r = read(gz, "format = nginx, match.status = []");
    assertArrayEquals(new double[] {1, 0, 0, 1}, r.counts());
    assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(gz))), r.digest());
  }

  @Test
  void anAlbLogIsMatchedByMethodPathAndStatus() throws IOException {
    String line = "https 2026-09-08T11:00:0%dZ app/sso/1 1.2.3.4:1 10.0.0.1:80 0.000 0.001 0.000 %d %d 34 366 \"%s https://sso.example.org:443%s HTTP/1.1\" \"-\" - -\n";
    Path log = write("alb.log", String.format(line, 0, 302, 302, "GET", "/callback") + String.format(line, 1, 302, 302, "GET", "/callback?code=1")
        + String.format(line, 1, 500, 500, "GET", "/callback") + String.format(line, 2, 302, 302, "POST", "/callback"));
    Recording r = read(log, "format = alb, match { method = GET, path = \"^/callback$\", status = [302] }");
    assertArrayEquals(new double[] {1, 1}, r.counts());
  }

  @Test
  void aMatcherThatMatchesNothingIsRefusedNamingItAndTheFix() throws IOException {
    Path log = write("access.log", nginx("08/Sep/2026:07:00:00", "GET", "/in/oak", 200));
    assertEquals("firstbell.load.replay.source: " + log + " has no line matching firstbell.load.replay.match (method POST, path ~ "
        + "^/in/(?<district>[^/]+)$|^/badges$, status [302]) among its 1 lines; fix firstbell.load.replay.match (method, path, status) to pick the "
        + "lines that are logins. No load was sent", failure(log, "format = nginx"));
  }

  @Test
  void unparseableLinesBeyondTheThresholdAreRefusedNamingTheFirst() throws IOException {
    Path log = write("access.log", nginx("08/Sep/2026:07:00:00", "POST", "/in/oak", 302) + "{\"json\": \"line\"}\n");
    assertEquals("firstbell.load.replay.source: " + log + " has 1 unparseable lines of 2 (more than 1.00 %), the first at line 2: "
        + "{\"json\": \"line\"}; check firstbell.load.replay.format (nginx; counts, nginx or alb), or raise firstbell.load.replay.max-unparseable. "
        + "No load was sent", failure(log, "format = nginx"));
    assertEquals(1, read(log, "format = nginx, max-unparseable = 0.5").stats().unparseable(), "within the threshold: counted and skipped");
  }

  @Test
  void timesOutOfOrderBeyondTheToleranceAreSkippedAndCountedOrRefused() throws IOException {
    Path log = write("access.log", nginx("08/Sep/2026:07:00:10", "POST", "/in/oak", 302) + nginx("08/Sep/2026:07:00:07", "POST", "/in/oak", 302)
        + nginx("08/Sep/2026:07:00:01", "POST", "/in/oak", 302));
    assertEquals("firstbell.load.replay.source: " + log + " has 1 of 3 logins more than 5 s behind the latest time before them (more than "
        + "1.00 %), the first at line 3; sort it by time, or raise firstbell.load.replay.max-disorder or "
        + "firstbell.load.replay.max-out-of-order. No load was sent", failure(log, "format = nginx"));
    Recording r = read(log, "format = nginx, max-out-of-order = 0.5");
    assertEquals(1, r.stats().outOfOrder());
    assertArrayEquals(new double[] {1, 0, 0, 1}, r.counts(), "the line 3 s behind is in order, the one 9 s behind is skipped");
  }

  @Test
  void aCountsFileWithoutItsColumnsOrWithOneTimeIsRefused() throws IOException {
    Path noColumns = write("c.csv", "timestamp,value\n1,2\n");
    assertEquals("firstbell.load.replay.source: " + noColumns + " has the header 'timestamp,value', without a time and a logins column; give a CSV "
        + "whose header names time and logins (optional persona and district), or set firstbell.load.replay.format to nginx or alb for an access "
        + "log. No load was sent", failure(noColumns, "format = counts"));
    Path one = write("one.csv", "time,logins\n2026-09-08T07:00:00-04:00,5\n");
    assertEquals("firstbell.load.replay.source: " + one + " has a single time, so the interval of its rows is unknown; set "
        + "firstbell.load.replay.counts.interval, e.g. 1m. No load was sent", failure(one, "format = counts"));
    assertEquals(5, read(one, "format = counts, counts.interval = 1m").total(), 1e-9);
  }

  @Test
  void anUnknownFormatOrAMissingSourceIsRefused() throws IOException {
    Path csv = write("c.csv", "time,logins\n");
    assertEquals("firstbell.load.replay.format is 'apache' but must be one of: counts, nginx, alb", failure(csv, "format = apache"));
    assertEquals("firstbell.load.replay.source is '" + dir.resolve("none.log") + "', which is not a file; give the path of the recording to replay",
        failure(dir.resolve("none.log"), ""));
  }
}
