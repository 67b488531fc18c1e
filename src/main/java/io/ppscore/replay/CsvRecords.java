package io.ppscore.replay;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * A streaming RFC 4180 CSV parser: fields may be quoted, a quoted field may hold commas, line breaks and
 * doubled quotes ({@code "RECORD FRAME 7"" SINGLE SIZE "}); records end with LF or CRLF. One record is
 * in memory at a time. A leading byte-order mark (U+FEFF) is dropped.
 *
 * <p>Spaces and tabs between a closing quote and the comma or line end are kept as part of the field
 * ({@code "abc" ,x} gives {@code abc }), as hand-edited files have them. A record is
 * {@linkplain #malformed() malformed} when a closing quote is followed by anything else but a comma, a line
 * break or the end of the input, when the input ends inside a quoted field, or when its quoted fields hold
 * more than {@value #MAX_SPANNED_CHARS} characters after its first line break (unquoted text does not
 * count). Only the record's first physical line is then given up: the parser resynchronises on the next line, so an unbalanced quote does
 * not swallow the rows after it (the text it had read past that line is read again as records).
 */
final class CsvRecords implements Closeable {

  /** How many characters a record's quoted fields may hold past its first line before it counts as malformed. */
  static final int MAX_SPANNED_CHARS = 1 << 20;

  private static final int GZIP_MAGIC_1 = 0x1f;
  private static final int GZIP_MAGIC_2 = 0x8b;
  private static final int BYTE_ORDER_MARK = 0xFEFF;

  private final Reader reader;
  private final StringBuilder field = new StringBuilder();
  /** The text read after the first line break of the current record, while it spans lines. */
  private final StringBuilder spanned = new StringBuilder();
  private boolean spanning;
  /** Characters of the current record read inside quotes after its first line break (what the cap limits). */
  private int quotedSpan;
  /** Text to read again (after a malformed record spanning lines) before the reader. */
  private String replay;
  private int replayAt;
  private boolean begun;
  private boolean malformed;
  private long line = 1;
  private long recordLine;
  private int pushedBack = -1;

  CsvRecords(Reader reader) {
    this.reader = reader;
  }

  /** Reads UTF-8 CSV from {@code in}, gunzipping it first when it starts with the gzip magic bytes. */
  static CsvRecords open(InputStream in) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
    buffered.mark(2);
    boolean gzip = buffered.read() == GZIP_MAGIC_1 && buffered.read() == GZIP_MAGIC_2;
    buffered.reset();
    InputStream plain = gzip ? new GZIPInputStream(buffered, 1 << 16) : buffered;
    return new CsvRecords(new BufferedReader(new InputStreamReader(plain, StandardCharsets.UTF_8), 1 << 16));
  }

  /**
   * The fields of the next record, or {@code null} at the end of the input; when {@link #malformed()}, the
   * fields read before the fault, not to be used.
   */
  List<String> next() throws IOException {
    int c = read();
    if (!begun) {
      begun = true;
      if (c == BYTE_ORDER_MARK) {
        c = read();
      }
    }
    if (c == -1) {
      return null;
    }
    recordLine = line;
    malformed = false;
    spanning = false;
    spanned.setLength(0);
    quotedSpan = 0;
    List<String> fields = new ArrayList<>();
    boolean quoted = false;
    boolean inQuotes = false;
    field.setLength(0);
    while (true) {
      if (inQuotes) {
        if (spanning) {
          quotedSpan++;
        }
        if (c == -1 || quotedSpan > MAX_SPANNED_CHARS) {
          return malformed(fields, c);
        } else if (c == '"') {
          int after = read();
          if (after == '"') {
            field.append('"');
            c = read();
            continue;
          }
          while (after == ' ' || after == '\t') {
            field.append((char) after);
            after = read();
          }
          if (after == ',' || after == '\r' || after == '\n' || after == -1) {
            inQuotes = false;
            c = after;
            continue;
          }
          return malformed(fields, after);
        } else {
          if ((c == '\n' || c == '\r') && !spanning) {
            spanning = true;
            spanned.setLength(0);
            spanned.append((char) c);
          }
          countLine(c);
          field.append((char) c);
        }
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
        quoted = false;
      } else if (c == '\n' || c == -1) {
        countLine(c);
        break;
      } else if (c == '\r') {
        int after = read();
        if (after != '\n') {
          pushedBack = after;
        }
        line++;
        break;
      } else if (c == '"' && field.length() == 0 && !quoted) {
        quoted = true;
        inQuotes = true;
      } else {
        field.append((char) c);
      }
      c = read();
    }
    spanning = false;
    spanned.setLength(0);
    fields.add(field.toString());
    return fields;
  }

  /** Whether the record last returned by {@link #next()} is not valid CSV (see the class comment). */
  boolean malformed() {
    return malformed;
  }

  /**
   * Gives up the current record at {@code c}: when it spans lines, everything read after its first line is
   * read again; otherwise the rest of its line is skipped.
   */
  private List<String> malformed(List<String> fields, int c) throws IOException {
    malformed = true;
    fields.add(field.toString());
    if (spanning) {
      spanning = false;
      int skip = spanned.length() > 1 && spanned.charAt(0) == '\r' && spanned.charAt(1) == '\n' ? 2 : 1;
      String rest = replay == null ? "" : replay.substring(replayAt);
      String again = spanned.substring(skip) + rest;
      replay = again.isEmpty() ? null : again;
      replayAt = 0;
      spanned.setLength(0);
      line = recordLine + 1;
      return fields;
    }
    while (c != -1 && c != '\n' && c != '\r') {
      c = read();
    }
    if (c == '\r') {
      int after = read();
      if (after != '\n') {
        pushedBack = after;
      }
    }
    if (c != -1) {
      line++;
    }
    return fields;
  }

  /** The line on which the record last returned by {@link #next()} started (the header is line 1). */
  long recordLine() {
    return recordLine;
  }

  private void countLine(int c) {
    if (c == '\n') {
      line++;
    }
  }

  private int read() throws IOException {
    int c;
    if (pushedBack != -1) {
      c = pushedBack;
      pushedBack = -1;
    } else if (replay != null) {
      c = replay.charAt(replayAt++);
      if (replayAt == replay.length()) {
        replay = null;
      }
    } else {
      c = reader.read();
    }
    if (spanning && c != -1) {
      spanned.append((char) c);
    }
    return c;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
