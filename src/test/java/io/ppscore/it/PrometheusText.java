package io.ppscore.it;

import java.util.LinkedHashMap;
import java.util.Map;

/** Reads a Prometheus text exposition into series (name plus labels, as written) and values. */
final class PrometheusText {

  private PrometheusText() {
  }

  static Map<String, Double> parse(String text) {
    Map<String, Double> series = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
    }
    return series;
  }
}
