package io.ppscore.topology;

import io.ppscore.state.StoreNames;
import io.ppscore.state.avro.UserEvent;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * With scoring off (no model), the node that holds the {@code scoring-refresh-cursor} store in the scoring task's
 * place: it deletes a cursor left by an earlier run with scoring one {@code scoring.refresh.interval.ms} after the
 * task starts, as the scoring node does with refresh off ({@link StaleScoreSweep}). Without it the store would not
 * be in the topology, and the last user id its changelog held (possibly an erased user's) would stay there and be
 * restored when scoring came back. Events pass it by without any work.
 */
final class RefreshCursorCleanup implements Processor<String, UserEvent, Void, Void> {

  static final String NAME = "scoring-refresh-cursor-cleanup";

  private final Duration after;

  RefreshCursorCleanup(Duration after) {
    this.after = after;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    StaleScoreSweep.forgetCursorOnce(context, after, context.getStateStore(StoreNames.SCORING_REFRESH_CURSOR));
  }

  @Override
  public void process(Record<String, UserEvent> record) {
    // nothing per event: the node is here for its store
  }
}
