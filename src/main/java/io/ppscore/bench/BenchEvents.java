package io.ppscore.bench;

import io.ppscore.events.avro.CartEvent;
import io.ppscore.events.avro.ClickEvent;
import io.ppscore.events.avro.OrderEvent;
import io.ppscore.replay.ReplayEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The bench's events: the bundled real sample in event-time order, looped as often as needed. Loop 0 is the
 * sample as recorded; loop k repeats it with event ids suffixed {@code ~k} (so de-duplication keeps them)
 * and event times moved k sample spans (plus a day) later, so event time keeps rising. The whole sequence
 * is then moved to end at {@code end}. Nothing is synthesised but the ids and times of loops after the first,
 * and the eight-year gap between the sample's two datasets is closed to a day first ({@link #closeGaps}).
 */
public final class BenchEvents {

  /** Quiet stretches of the sample longer than this are shortened to a day ({@link #closeGaps}). */
  static final Duration MAX_GAP = Duration.ofDays(30);

  private final List<ReplayEvent> sample;
  private final long span;
  /** Index of the first click event in {@link #sample} (where the REES46 click stream starts). */
  private final int firstClick;

  /** @param sample the sample's events, any order */
  public BenchEvents(List<ReplayEvent> sample) {
    if (sample.isEmpty()) {
      throw new IllegalArgumentException("the sample has no events");
    }
    this.sample = closeGaps(sample.stream().sorted(Comparator.comparingLong(ReplayEvent::timestampMs)).toList());
    this.span = this.sample.get(this.sample.size() - 1).timestampMs() - this.sample.get(0).timestampMs()
        + Duration.ofDays(1).toMillis();
    this.firstClick = firstClick(this.sample);
  }

  /**
   * The sorted events with every quiet stretch longer than {@link #MAX_GAP} shortened to one day: the
   * bundled sample joins two datasets eight years apart (Online Retail 2009-2011, REES46 2019), and looping
   * a ten-year span a few times would date the first loop before validation's minimum event time (2000).
   */
  static List<ReplayEvent> closeGaps(List<ReplayEvent> sorted) {
    List<ReplayEvent> out = new ArrayList<>(sorted.size());
    long shift = 0;
    long previous = sorted.get(0).timestampMs();
    for (ReplayEvent e : sorted) {
      long gap = e.timestampMs() - previous;
      if (gap > MAX_GAP.toMillis()) {
        shift -= gap - Duration.ofDays(1).toMillis();
      }
      previous = e.timestampMs();
      out.add(shift == 0 ? e : e.shiftedBy(shift));
    }
    return List.copyOf(out);
  }

  /** Events in the sample. */
  public int sampleSize() {
    return sample.size();
  }

  /** How many loops {@code n} events take (1 = the sample once, or part of it). */
  public int loops(int n) {
    return (n + sample.size() - 1) / sample.size();
  }

  /**
   * {@code n} events moved so the last one is at {@code endMs}: the sample's latest {@code n} when it has that
   * many (its most recent stretch: mostly the REES46 click stream), else the sample looped from its start.
   */
  public List<ReplayEvent> take(int n, long endMs) {
    List<ReplayEvent> out = new ArrayList<>(n);
    if (n <= sample.size()) {
      out.addAll(sample.subList(sample.size() - n, sample.size()));
    } else {
      for (int i = 0; i < n; i++) {
        out.add(event(i));
      }
    }
    long shift = endMs - out.get(out.size() - 1).timestampMs();
    return out.stream().map(e -> e.shiftedBy(shift)).toList();
  }

  /**
   * Event {@code i} of the paced phase that follows a load of {@link #take}{@code (loaded, ...)}, at its own
   * (unmoved) time: the sample's click-stream events before the loaded ones (from its first click event,
   * so not the Online Retail orders, whose many order lines make the events of another kind than those
   * measured at the maximum rate), in order, repeated with ids suffixed {@code ~pK} when the phase needs more.
   * Never one of the loaded events. When no click event precedes the load, the next loop of the sample
   * (fresh ids), which follows the loaded events.
   */
  public ReplayEvent paced(int i, int loaded) {
    int to = sample.size() - Math.min(loaded, sample.size());
    int from = firstClick;
    if (loaded >= sample.size() || from >= to) {
      return event(Math.max(loaded, sample.size()) + i); // after the loaded events, never one of them
    }
    int cycle = i / (to - from);
    ReplayEvent e = sample.get(from + i % (to - from));
    return cycle == 0 ? e : withIdSuffix(e, "~p" + cycle);
  }

  private static int firstClick(List<ReplayEvent> sorted) {
    for (int i = 0; i < sorted.size(); i++) {
      if (sorted.get(i).kind() == ReplayEvent.Kind.CLICK) {
        return i;
      }
    }
    return sorted.size();
  }

  /** Event {@code i} of the looped sequence at its own (unmoved) time. */
  public ReplayEvent event(int i) {
    int loop = i / sample.size();
    ReplayEvent e = sample.get(i % sample.size());
    return loop == 0 ? e : withIdSuffix(e, "~" + loop).shiftedBy(loop * span);
  }

  /** {@code e} with {@code suffix} appended to its event id (and order id). */
  static ReplayEvent withIdSuffix(ReplayEvent e, String suffix) {
    return switch (e.kind()) {
      case CLICK -> {
        ClickEvent c = (ClickEvent) e.value();
        yield ReplayEvent.of(ClickEvent.newBuilder(c).setEventId(c.getEventId() + suffix).build());
      }
      case CART -> {
        CartEvent c = (CartEvent) e.value();
        yield ReplayEvent.of(CartEvent.newBuilder(c).setEventId(c.getEventId() + suffix).build());
      }
      case ORDER -> {
        OrderEvent o = (OrderEvent) e.value();
        yield ReplayEvent.of(OrderEvent.newBuilder(o).setEventId(o.getEventId() + suffix)
            .setOrderId(o.getOrderId() + suffix).build());
      }
    };
  }
}
