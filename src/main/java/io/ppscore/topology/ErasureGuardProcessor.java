package io.ppscore.topology;

import io.ppscore.events.InputEvents;
import io.ppscore.events.LogIds;
import io.ppscore.state.avro.UserEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an erased user erased while their events are still in flight. {@link UserErasureProcessor} records
 * each erasure in {@code user-erasures} (user id to its cut-off: the wall-clock time it was processed); while
 * it is remembered, this node drops the user's events that were produced or stamped at or before the cut-off,
 * before any processor can build state from them: an event read from an input but not yet back from the
 * rekey topic, or on a partition that was behind, would otherwise recreate the user. "Produced" is the
 * event's {@code produced_at} (the input record's timestamp, capped at the time it was read; the record
 * timestamp for records written without it): an event stamped ahead by a fast client clock but produced
 * before the erasure is dropped too. Events produced and stamped after the cut-off are the user's new
 * activity and pass. Dropped events are counted ({@code erased-user-events-total}), not dead-lettered: the
 * dead-letter topic would keep a copy of the erased user's data.
 *
 * <p>An erasure is forgotten (by a wall-clock punctuation) once both {@code erasure.suppression.ms} of wall
 * clock have passed and the task's event-time watermark is more than {@code state.grace.ms +
 * validation.max.future.ms} past the cut-off: from then on every event stamped up to the cut-off plus the
 * furthest validation lets an event run ahead is late, and user-activity refuses it anyway. The wall clock
 * alone would forget an erasure while the user's pre-erasure events are still on time (a suppression
 * shorter than the grace, or a partition idle or an application stopped past the suppression).
 */
final class ErasureGuardProcessor implements FixedKeyProcessor<String, UserEvent, UserEvent> {

  static final String NAME = "erasure-guard";
  /** Metric operation: events of erased users dropped. */
  static final String DROPPED = "erased-user-events";
  private static final Logger LOG = LoggerFactory.getLogger(ErasureGuardProcessor.class);
  private static final Duration PURGE_INTERVAL = Duration.ofMinutes(10);

  private final ErasedUsers erased;
  private final Duration suppression;
  private final Duration onTimeHorizon;
  private FixedKeyProcessorContext<String, UserEvent> context;

  /**
   * @param suppression the least wall-clock time an erasure is remembered; zero: none is
   * @param onTimeHorizon how far past an erasure's cut-off the watermark must be before it is forgotten:
   *     the grace plus how far ahead of the wall clock validation accepts an event time
   */
  ErasureGuardProcessor(Duration suppression, Duration onTimeHorizon) {
    this.suppression = suppression;
    this.onTimeHorizon = onTimeHorizon;
    this.erased = new ErasedUsers(suppression, onTimeHorizon);
  }

  @Override
  public void init(FixedKeyProcessorContext<String, UserEvent> context) {
    this.context = context;
    erased.init(context);
    context.schedule(PURGE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::purge);
  }

  @Override
  public void process(FixedKeyRecord<String, UserEvent> record) {
    if (!erased.enabled()) {
      context.forward(record); // nothing is remembered: no lookup on the hot path
      return;
    }
    UserEvent event = record.value();
    long eventTime = InputEvents.eventTime((SpecificRecord) event.getEvent()).toEpochMilli();
    // without produced_at (written by an earlier version), the record timestamp: the event time capped at the
    // wall clock it was read at, so an event read before the erasure still counts as produced before it
    long producedAt = event.getProducedAt() == null ? record.timestamp() : event.getProducedAt().toEpochMilli();
    if (erased.dropsInFlight(record.key(), eventTime, producedAt)) {
      LOG.debug("Dropping an event of erased user {} produced or stamped before the erasure", LogIds.of(record.key()));
      return;
    }
    context.forward(record);
  }

  /** Forgets the erasures that are forgettable (collected first: no deletes under an open iterator). */
  void purge(long now) {
    Long watermark = erased.watermark();
    if (watermark == null) {
      return; // no event accepted yet: the first ones may be the erased users' backlog
    }
    List<String> old = new ArrayList<>();
    KeyValueStore<String, Long> erasures = erased.store();
    try (KeyValueIterator<String, Long> all = erasures.all()) {
      while (all.hasNext()) {
        KeyValue<String, Long> e = all.next();
        if (erased.forgettable(e.value, now, watermark)) {
          old.add(e.key);
        }
      }
    }
    old.forEach(erasures::delete);
    if (!old.isEmpty()) {
      LOG.info("Forgot {} erasures older than erasure.suppression.ms = {} and more than state.grace.ms + "
          + "validation.max.future.ms = {} behind the event-time watermark", old.size(), suppression, onTimeHorizon);
    }
  }
}
