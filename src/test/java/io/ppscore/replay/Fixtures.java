package io.ppscore.replay;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/** CSV fixtures written in the tests. */
final class Fixtures {

  static final String RETAIL_HEADER = "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\n";
  static final String REES46_HEADER =
      "event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session\n";

  private Fixtures() {
  }

  static ReplaySource source(String csv) {
    return () -> new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8));
  }

  static ReplaySource gzipped(String csv) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      gzip.write(csv.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return () -> new ByteArrayInputStream(bytes.toByteArray());
  }

  static List<ReplayEvent> readAll(DatasetReader reader, ReplaySource source, ReplayStats stats) {
    try (Stream<ReplayEvent> events = reader.events(source, stats)) {
      return events.toList();
    }
  }
}
