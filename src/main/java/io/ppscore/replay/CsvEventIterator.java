package io.ppscore.replay;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Queue;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Pulls CSV records one at a time and hands them to a {@link RecordMapper}, which may emit zero or more
 * events per record and more at the end of the input (for events assembled from several rows). A record
 * that is not valid CSV is counted as a {@link SkipReason#MALFORMED_ROW} without reaching the mapper. An
 * event is counted as read when it is handed out, so a stream cut short (a limit, a stop) counts only the
 * events taken from it.
 */
final class CsvEventIterator implements Iterator<ReplayEvent> {

  /** Maps CSV records to events for one dataset. */
  interface RecordMapper {
    /** Checks the header (the first record) and fails if the columns are not the expected ones. */
    void header(List<String> columns) throws IOException;

    /** Maps one data record, starting on {@code line}, emitting events to {@code out}. */
    void record(List<String> fields, long line, Queue<ReplayEvent> out);

    /** Emits whatever is still pending at the end of the input. */
    void end(Queue<ReplayEvent> out);
  }

  private final CsvRecords csv;
  private final RecordMapper mapper;
  private final ReplayStats stats;
  private final Queue<ReplayEvent> ready = new ArrayDeque<>();
  private boolean started;
  private boolean ended;

  private CsvEventIterator(CsvRecords csv, RecordMapper mapper, ReplayStats stats) {
    this.csv = csv;
    this.mapper = mapper;
    this.stats = stats;
  }

  /** A lazy stream of the events in {@code in}, counted in {@code stats}; closing it closes {@code in}. */
  static Stream<ReplayEvent> stream(InputStream in, RecordMapper mapper, ReplayStats stats) {
    CsvRecords csv;
    try {
      csv = CsvRecords.open(in);
    } catch (IOException e) {
      try {
        in.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new UncheckedIOException("cannot read the dataset", e);
    }
    Iterator<ReplayEvent> events = new CsvEventIterator(csv, mapper, stats);
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(events, Spliterator.ORDERED), false)
        .onClose(() -> {
          try {
            csv.close();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  @Override
  public boolean hasNext() {
    try {
      while (ready.isEmpty() && !ended) {
        pull();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(csv.recordLine() == 0 ? "cannot read the dataset from its start"
          : "cannot read the dataset near line " + csv.recordLine(), e);
    }
    return !ready.isEmpty();
  }

  @Override
  public ReplayEvent next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    ReplayEvent event = ready.remove();
    stats.countRead(event.kind());
    return event;
  }

  private void pull() throws IOException {
    List<String> fields = csv.next();
    if (fields == null) {
      ended = true;
      mapper.end(ready);
    } else if (!started) {
      started = true;
      if (csv.malformed()) {
        throw new IOException("the header on line 1 is not valid CSV (a stray quote?)");
      }
      mapper.header(fields);
    } else if (csv.malformed()) {
      stats.countSkipped(SkipReason.MALFORMED_ROW);
    } else if (!(fields.size() == 1 && fields.get(0).isEmpty())) {
      mapper.record(fields, csv.recordLine(), ready);
    }
  }
}
