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
 * in memory at a time.
 */
final class CsvRecords implements Closeable {

  private static final int GZIP_MAGIC_1 = 0x1f;
  private static final int GZIP_MAGIC_2 = 0x8b;

  private final Reader reader;
  private final StringBuilder field = new StringBuilder();
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

  /** The fields of the next record, or {@code null} at the end of the input. */
  List<String> next() throws IOException {
    int c = read();
    if (c == -1) {
      return null;
    }
    recordLine = line;
    List<String> fields = new ArrayList<>();
    boolean quoted = false;
    boolean inQuotes = false;
    field.setLength(0);
    while (true) {
      if (inQuotes) {
        if (c == -1) {
          throw new IOException("unterminated quoted field in the record starting on line " + recordLine);
        } else if (c == '"') {
          int after = read();
          if (after == '"') {
            field.append('"');
          } else {
            inQuotes = false;
            c = after;
            continue;
          }
        } else {
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
    fields.add(field.toString());
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
    if (pushedBack != -1) {
      int c = pushedBack;
      pushedBack = -1;
      return c;
    }
    return reader.read();
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
