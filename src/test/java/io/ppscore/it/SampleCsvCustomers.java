package io.ppscore.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Independent count over an Online Retail CSV: customers with an invoice before a date that has a priced
 * line, placed (positive quantity) or cancelled ({@code C} invoice, negative quantity).
 */
public final class SampleCsvCustomers {

  private SampleCsvCustomers() {
  }

  public static long withOrderBefore(Path gzCsv, String isoDate) throws IOException {
    Set<String> customers = new HashSet<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(gzCsv)),
        StandardCharsets.UTF_8))) {
      in.readLine();
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] tail = line.split(",");
        int n = tail.length;
        String customer = tail[n - 2];
        String date = tail[n - 4].substring(0, 10);
        int quantity = Integer.parseInt(tail[n - 5]);
        boolean cancelled = line.startsWith("C");
        if (!line.startsWith("A") && !customer.isEmpty() && date.compareTo(isoDate) < 0
            && (cancelled ? quantity < 0 : quantity > 0) && Double.parseDouble(tail[n - 3]) > 0) {
          customers.add(customer.replace(".0", ""));
        }
      }
    }
    return customers.size();
  }
}
