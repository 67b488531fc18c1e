package io.ppscore.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * A deliberately separate, minimal reader of the bundled sample CSVs, so the integration test checks the
 * pipeline against a computation that shares no code with it.
 */
final class SampleCsv {

  private SampleCsv() {
  }

  /** All rows (header excluded) of a gzipped classpath CSV, split on commas outside double quotes. */
  static List<List<String>> rows(String resource) {
    try (InputStream raw = SampleCsv.class.getResourceAsStream(resource)) {
      if (raw == null) {
        throw new IllegalArgumentException("no resource " + resource);
      }
      BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.UTF_8));
      in.readLine();
      List<List<String>> rows = new ArrayList<>();
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        rows.add(split(line));
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> split(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else {
          quoted = !quoted;
        }
      } else if (c == ',' && !quoted) {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields;
  }
}
