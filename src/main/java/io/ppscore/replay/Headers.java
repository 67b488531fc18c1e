package io.ppscore.replay;

import java.io.IOException;
import java.util.List;

/** Checks a CSV header against the columns a reader expects. */
final class Headers {

  private static final String BYTE_ORDER_MARK = "\uFEFF";

  private Headers() {
  }

  /** Fails unless {@code actual} names {@code expected}, ignoring case, spaces and a byte-order mark. */
  static void require(List<String> expected, List<String> actual, String dataset) throws IOException {
    boolean matches = actual.size() == expected.size();
    for (int i = 0; matches && i < expected.size(); i++) {
      String column = actual.get(i).replace(BYTE_ORDER_MARK, "").trim();
      matches = column.equalsIgnoreCase(expected.get(i));
    }
    if (!matches) {
      throw new IOException("not the " + dataset + " CSV header: expected " + String.join(",", expected)
          + " but got " + String.join(",", actual) + " (is --format right, and the file comma-separated?)");
    }
  }
}
