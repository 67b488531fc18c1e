package io.ppscore.replay;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.stream.Stream;

/**
 * Turns one public e-commerce dataset (CSV, plain or gzipped) into ppscore events, streaming: the file is
 * never held in memory. What cannot be mapped is counted in {@link ReplayStats}, never emitted.
 */
public interface DatasetReader {

  /**
   * A lazy, single-pass stream of the events in {@code in}, in file order. Rows are parsed only as the
   * stream is consumed, so {@code limit(n)} stops reading early. Closing the stream closes {@code in}.
   *
   * @param in the CSV, with its header line; gzip is detected by its magic bytes
   * @param stats where events read and rows skipped are counted
   * @throws UncheckedIOException from the stream's operations when reading fails
   */
  Stream<ReplayEvent> events(InputStream in, ReplayStats stats);

  /** Like {@link #events(InputStream, ReplayStats)}, opening {@code source}. */
  default Stream<ReplayEvent> events(ReplaySource source, ReplayStats stats) {
    try {
      return events(source.open(), stats);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + source, e);
    }
  }
}
