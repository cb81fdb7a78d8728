package io.firstbell.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * {@code logins.csv}, written and read with a real CSV parser (Jackson's): a value that holds a comma, a double quote or a line
 * break is quoted, its quotes doubled, and reads back exactly. The columns are {@link LoginRecord#CSV_HEADER}, in that order.
 * A ledger written before the {@code phase} column (14 fields a row), or with the phase empty, reads as {@link LoginRecord#LOAD}
 * logins; the written {@code duration_ms} is not read back, it follows from the times.
 */
public final class LedgerCsv {

  private static final List<String> COLUMNS = List.of(LoginRecord.CSV_HEADER.split(","));
  /** The columns of a ledger written before the phase column. */
  private static final List<String> COLUMNS_WITHOUT_PHASE = COLUMNS.subList(0, COLUMNS.size() - 1);
  private static final CsvMapper CSV = new CsvMapper()
      .enable(CsvParser.Feature.WRAP_AS_ARRAY)
      .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING); // quote only the values that need it

  private LedgerCsv() {}

  /** Writes {@code records} to {@code file}, header first, replacing the file. */
  public static void write(Path file, List<LoginRecord> records) throws IOException {
    try (Rows rows = new Rows(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
      for (LoginRecord r : records) rows.write(r);
    }
  }

  /**
   * @return the records of a ledger file, in file order; blank lines are skipped
   * @throws IOException naming the file and the line of a header or a row that is not a ledger's
   */
  public static List<LoginRecord> read(Path file) throws IOException {
    return read(file, Long.MAX_VALUE);
  }

  /** @return the first {@code maxRows} rows of the ledger in {@code file} (what follows them is not read) */
  public static List<LoginRecord> read(Path file, long maxRows) throws IOException {
    List<LoginRecord> records = new ArrayList<>();
    long line = 0;
    long complete = completeLength(file);
    Texts texts = new Texts();
    try (Reader in = new java.io.BufferedReader(new java.io.InputStreamReader(
            new BoundedInputStream(Files.newInputStream(file), complete), StandardCharsets.UTF_8));
        MappingIterator<List<String>> rows = CSV.readerFor(List.class).with(CsvSchema.emptySchema()).readValues(in)) {
      boolean header = true;
      while (rows.hasNextValue()) {
        line = rows.getCurrentLocation().getLineNr();
        List<String> row = rows.nextValue();
        if (row.size() == 1 && row.get(0).isBlank()) continue;
        if (header) {
          if (!row.equals(COLUMNS) && !row.equals(COLUMNS_WITHOUT_PHASE)) {
            throw bad(file, line, "starts with '" + String.join(",", row) + "' but a ledger starts with the header '" + LoginRecord.CSV_HEADER + "'");
          }
          header = false;
          continue;
        }
        if (records.size() >= maxRows) break;
        records.add(record(file, line, row, texts));
      }
    } catch (JsonProcessingException e) {
      throw new IOException(where(file, line) + " is not valid CSV: " + e.getOriginalMessage(), e);
    }
    return records;
  }

  /**
   * @return how many bytes of {@code file} hold whole lines: all of it when it ends with a line break, else up to its last
   *     one. A ledger's rows each end with a line break, so a last line without one was cut while it was written (the run
   *     was killed, or the disk filled up) and is left out rather than read as a row with a cut field.
   */
  static long completeLength(Path file) throws IOException {
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "r")) {
      long end = f.length();
      byte[] chunk = new byte[8192];
      for (long to = end; to > 0; ) {
        long from = Math.max(0, to - chunk.length);
        f.seek(from);
        f.readFully(chunk, 0, (int) (to - from));
        for (int i = (int) (to - from) - 1; i >= 0; i--) {
          if (chunk[i] == '\n') return from + i + 1;
        }
        to = from;
      }
      return 0;
    }
  }

  /** The first {@code limit} bytes of a stream. */
  private static final class BoundedInputStream extends java.io.FilterInputStream {
    private long left;

    BoundedInputStream(java.io.InputStream in, long limit) {
      super(in);
      this.left = limit;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) return -1;
      int b = super.read();
      if (b >= 0) left--;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) return -1;
      int n = super.read(b, off, (int) Math.min(len, left));
      if (n > 0) left -= n;
      return n;
    }
  }

  /** The rows of a ledger file as they are written: the header at once, then one row a record, in the writer's buffer until {@link #flush()}. */
  static final class Rows implements Closeable {

    private final SequenceWriter out;

    /** Writes the header to {@code out}, which these rows own and close. */
    Rows(Writer out) throws IOException {
      this.out = CSV.writer(CsvSchema.emptySchema()).without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE).writeValues(out);
      this.out.write(COLUMNS);
    }

    void write(LoginRecord r) throws IOException {
      out.write(fields(r));
    }

    void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }

  private static List<String> fields(LoginRecord r) {
    return List.of(String.valueOf(r.scheduledStartMs()), String.valueOf(r.startMs()), String.valueOf(r.endMs()), String.valueOf(r.durationMs()),
        text(r.journey()), text(r.persona()), text(r.method()), text(r.district()), r.outcome().wireName(), text(r.failedStep()),
        text(r.failureKind()), String.valueOf(r.requests()), String.valueOf(r.mistyped()), String.valueOf(r.thinkMs()), text(r.phase()));
  }

  private static String text(String s) {
    return s == null ? "" : s;
  }

  /**
   * The text fields of a ledger repeat (a handful of journeys, personas, steps, kinds, districts): each distinct value is kept
   * once, so a ledger of millions of rows reads into about 100 bytes a row.
   */
  private static final class Texts {
    private final java.util.HashMap<String, String> seen = new java.util.HashMap<>();

    String of(String value) {
      if (seen.size() > 100_000) return value; // a ledger whose texts do not repeat: keep them as they are
      return seen.computeIfAbsent(value, v -> v);
    }
  }

  private static LoginRecord record(Path file, long line, List<String> f, Texts t) throws IOException {
    if (f.size() != COLUMNS.size() && f.size() != COLUMNS_WITHOUT_PHASE.size()) {
      throw bad(file, line, "has " + f.size() + " fields but a row has " + COLUMNS.size() + " (" + LoginRecord.CSV_HEADER + "), or "
          + COLUMNS_WITHOUT_PHASE.size() + " in a ledger without the phase column");
    }
    String phase = f.size() == COLUMNS.size() && !f.get(14).isEmpty() ? f.get(14) : LoginRecord.LOAD;
    return new LoginRecord(whole(file, line, f, 0, Long::parseLong), whole(file, line, f, 1, Long::parseLong),
        whole(file, line, f, 2, Long::parseLong), t.of(f.get(4)), t.of(f.get(5)), t.of(f.get(6)), t.of(f.get(7)), outcome(file, line, f.get(8)),
        t.of(f.get(9)), t.of(f.get(10)), whole(file, line, f, 11, Integer::parseInt), Boolean.parseBoolean(f.get(12)),
        whole(file, line, f, 13, Long::parseLong), t.of(phase));
  }

  private static <T extends Number> T whole(Path file, long line, List<String> f, int column, Function<String, T> parse) throws IOException {
    try {
      return parse.apply(f.get(column));
    } catch (NumberFormatException e) {
      throw bad(file, line, "has " + COLUMNS.get(column) + " '" + f.get(column) + "' but it must be a whole number");
    }
  }

  private static LoginRecord.Outcome outcome(Path file, long line, String value) throws IOException {
    try {
      return LoginRecord.Outcome.valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw bad(file, line, "has outcome '" + value + "' but it must be succeeded, failed or cut-short");
    }
  }

  private static String where(Path file, long line) {
    return "The login ledger " + file + (line > 0 ? ", line " + line + "," : "");
  }

  private static IOException bad(Path file, long line, String what) {
    return new IOException(where(file, line) + " " + what);
  }
}
