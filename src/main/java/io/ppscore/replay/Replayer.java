package io.ppscore.replay;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Replays a dataset into a {@link ReplayTarget}: as fast as possible or paced to event time, optionally
 * moved in time and cut to a number of events, with a progress bar.
 *
 * <p>The source is read twice. A first pass (parse only, nothing sent) counts the events and finds the
 * first and latest event times, so the progress bar knows its total and {@code rebaseTo} knows the shift.
 *
 * <pre>{@code
 * ReplayStats stats = Replayer.builder(new OnlineRetailReader(), target)
 *     .speedup(3600).rebaseTo(Instant.now()).limit(10_000).build()
 *     .replay(Samples.onlineRetail());
 * }</pre>
 */
public final class Replayer {

  /** How often a paced wait asks the stop condition: a stop ends a long wait within this. */
  static final long STOP_CHECK_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(100);

  private final DatasetReader reader;
  private final ReplayTarget target;
  private final double speedup;
  private final Instant rebaseTo;
  private final long limit;
  private final ReplayClock clock;
  private final PrintStream progressOut;
  private final boolean interactive;
  private final BooleanSupplier stop;
  private final long stopCheckNanos;

  private Replayer(Builder builder) {
    this.reader = builder.reader;
    this.target = builder.target;
    this.speedup = builder.speedup;
    this.rebaseTo = builder.rebaseTo;
    this.limit = builder.limit;
    this.clock = builder.clock;
    this.progressOut = builder.progressOut;
    this.interactive = builder.interactive;
    this.stop = builder.stop;
    this.stopCheckNanos = builder.stopCheckNanos;
  }

  /** A replayer of {@code reader}'s dataset into {@code target}, as fast as possible, all events. */
  public static Builder builder(DatasetReader reader, ReplayTarget target) {
    return new Builder(reader, target);
  }

  /**
   * Reads {@code source} and sends its events (at most {@code limit}, until the stop condition holds) to the
   * target, then flushes it. The target is not closed.
   *
   * @return the counts of this replay: events read and sent, rows skipped
   * @throws java.io.UncheckedIOException if the source cannot be read
   * @throws IllegalArgumentException naming the top skip reasons when the source has data rows but not one
   *     of them gives an event (checked by the first pass, before anything is sent)
   * @throws InterruptedException if interrupted while pacing
   */
  public ReplayStats replay(ReplaySource source) throws InterruptedException {
    long calledNanos = clock.nanoTime();
    ReplayStats scanned = new ReplayStats();
    ReplayScan scan = ReplayScan.of(reader, source, limit, scanned);
    if (scan.events() == 0 && limit > 0 && !scanned.skipReasons().isEmpty()) {
      // data rows, but not one event: a wrong format or export (US dates), not an empty replay
      throw NoEventsRead.error(source, scanned);
    }
    boolean paced = speedup > 0;
    long shiftMs = rebaseTo == null || scan.events() == 0 || paced ? 0 : rebaseTo.toEpochMilli() - scan.maxTimeMs();
    ReplayStats stats = new ReplayStats();
    Pacer pacer = new Pacer(speedup, clock);
    ProgressBar progress = new ProgressBar(progressOut, interactive, scan.events(), clock);
    progress.start();
    long sent = 0;
    try (Stream<ReplayEvent> events = reader.events(source, stats)) {
      var it = events.limit(limit).iterator();
      while (!stop.getAsBoolean() && it.hasNext()) {
        ReplayEvent next = it.next();
        if (paced && rebaseTo != null && sent == 0) {
          shiftMs = pacedShiftMs(scan, calledNanos);
        }
        ReplayEvent event = next.shiftedBy(shiftMs);
        pacer.awaitDue(event.timestampMs(), stop, stopCheckNanos);
        if (stop.getAsBoolean()) {
          break;
        }
        target.send(event);
        stats.countSent(event.kind());
        progress.update(++sent);
      }
    }
    target.flush();
    progress.finish(sent);
    progressOut.print(stats.summary());
    progressOut.flush();
    return stats;
  }

  /**
   * The shift of a paced replay, taken as its first event is sent: each event lands at or before the moment
   * the pacer sends it, as close as the kept gaps allow. The wall clock's "now" is {@code rebaseTo} plus the
   * time since {@link #replay} was called (the first pass). At speedup 1 every event is stamped with its
   * send time; faster, the last event is (earlier ones lag more, as their gaps are replayed shorter);
   * slower, the first one is.
   */
  private long pacedShiftMs(ReplayScan scan, long calledNanos) {
    long nowMs = rebaseTo.toEpochMilli() + (clock.nanoTime() - calledNanos) / 1_000_000;
    long spanMs = scan.maxTimeMs() - scan.firstTimeMs();
    long lagMs = speedup > 1 ? (long) Math.ceil(spanMs * (1 - 1 / speedup)) : 0;
    return nowMs - scan.firstTimeMs() - lagMs;
  }

  /** Options of a {@link Replayer}; every one has a default. */
  public static final class Builder {
    private final DatasetReader reader;
    private final ReplayTarget target;
    private double speedup;
    private Instant rebaseTo;
    private long limit = Long.MAX_VALUE;
    private ReplayClock clock = ReplayClock.system();
    private PrintStream progressOut = System.err;
    private boolean interactive = ProgressBar.consoleAttached();
    private BooleanSupplier stop = () -> false;
    private long stopCheckNanos = Long.MAX_VALUE;

    private Builder(DatasetReader reader, ReplayTarget target) {
      this.reader = Objects.requireNonNull(reader, "reader");
      this.target = Objects.requireNonNull(target, "target");
    }

    /** 0 (default): as fast as possible; F > 0: event-time gaps are replayed F times faster. */
    public Builder speedup(double speedup) {
      if (!(speedup >= 0) || Double.isInfinite(speedup)) {
        throw new IllegalArgumentException("speedup must be 0 (no pacing) or a positive number, was " + speedup);
      }
      this.speedup = speedup;
      return this;
    }

    /**
     * Shifts every event's time ({@code event_time} in the value) by one amount, keeping the gaps between
     * events. Unpaced (speedup 0), the latest event replayed lands exactly at {@code instant}. Paced,
     * {@code instant} is taken as "now" when {@link Replayer#replay} is called and events follow the wall
     * clock: each is stamped at or before the moment it is sent, at speedup 1 with that moment (the first
     * event with the start of the sends), faster the last event with its send time and earlier ones
     * further back, slower the first one. ppscore dead-letters events stamped more than
     * {@code validation.max.future.ms} ahead of its clock, so pass "now" or earlier.
     */
    public Builder rebaseTo(Instant instant) {
      this.rebaseTo = Objects.requireNonNull(instant, "instant");
      return this;
    }

    /** Like {@link #rebaseTo(Instant)}, doing nothing when empty. */
    public Builder rebaseTo(Optional<Instant> instant) {
      this.rebaseTo = instant.orElse(null);
      return this;
    }

    /** Sends at most {@code maxEvents} events, the first ones of the file (default: all). */
    public Builder limit(long maxEvents) {
      if (maxEvents < 0) {
        throw new IllegalArgumentException("limit must not be negative, was " + maxEvents);
      }
      this.limit = maxEvents;
      return this;
    }

    /** The clock used for pacing and the progress bar (default: the system clock). */
    public Builder clock(ReplayClock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Where progress and the final summary go (default: stderr) and whether to redraw one line with
     * {@code \r} (default: only when a console is attached) or print whole lines, for logs.
     */
    public Builder progressTo(PrintStream out, boolean redrawInPlace) {
      this.progressOut = Objects.requireNonNull(out, "out");
      this.interactive = redrawInPlace;
      return this;
    }

    /**
     * Ends the replay early once {@code condition} holds (Ctrl-C, a deadline): asked before each event and,
     * while pacing, at least every 100 ms. What was sent is flushed. Default: never.
     */
    public Builder stopWhen(BooleanSupplier condition) {
      this.stop = Objects.requireNonNull(condition, "condition");
      this.stopCheckNanos = STOP_CHECK_NANOS;
      return this;
    }

    /** The replayer. */
    public Replayer build() {
      return new Replayer(this);
    }
  }
}
