package io.ppscore.query;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KafkaStreams.State;

/**
 * Health probes derived from the Kafka Streams client state, for {@link HttpApi.Builder#liveness} and
 * {@link HttpApi.Builder#readiness}.
 *
 * <p>Ready means {@code RUNNING}, or {@code REBALANCING} once the client has been {@code RUNNING} (the app adds
 * whatever else it needs, such as a loaded model).
 * A start is not ready until the first {@code RUNNING}, so a rolling update waits for it. A later rebalance
 * stays ready: every instance that takes part in it is {@code REBALANCING} at once, often longer than the
 * probe's tolerance while the tasks it received restore, and failing readiness then would take them all out
 * of the client Service together; the API answers 503 with {@code Retry-After} for the users whose
 * partitions are not readable yet, and every other user as before. Live means the client has not died: {@code ERROR} (all stream
 * threads dead or a fatal handler decision) and {@code NOT_RUNNING} cannot recover without a restart, so
 * they fail liveness; {@code CREATED}, {@code REBALANCING} and a graceful {@code PENDING_SHUTDOWN} do not.
 */
public final class StreamsHealth {

  private static final Set<State> DEAD = EnumSet.of(State.PENDING_ERROR, State.ERROR, State.NOT_RUNNING);

  private StreamsHealth() {
  }

  /**
   * Readiness of {@code streams}: set it (or a listener that calls it) as the client's state listener, so a
   * {@code RUNNING} shorter than the probe period still counts as the first one.
   */
  public static Readiness ready(KafkaStreams streams) {
    return new Readiness(streams::state);
  }

  /** True unless {@code streams} is in {@code PENDING_ERROR}, {@code ERROR} or {@code NOT_RUNNING}. */
  public static BooleanSupplier live(KafkaStreams streams) {
    return live(streams::state);
  }

  /** The client state's name, for the health response bodies. */
  public static Supplier<String> stateName(KafkaStreams streams) {
    return () -> streams.state().name();
  }

  static Readiness ready(Supplier<State> state) {
    return new Readiness(state);
  }

  static BooleanSupplier live(Supplier<State> state) {
    return () -> !DEAD.contains(state.get());
  }

  /**
   * True while the client is {@code RUNNING}, or {@code REBALANCING} after it was {@code RUNNING} once: seen by
   * {@link #onChange} as the client's state listener, or by a probe.
   */
  public static final class Readiness implements BooleanSupplier, KafkaStreams.StateListener {
    private final Supplier<State> state;
    private volatile boolean ranOnce;

    private Readiness(Supplier<State> state) {
      this.state = state;
    }

    @Override
    public void onChange(State newState, State oldState) {
      if (newState == State.RUNNING) {
        ranOnce = true;
      }
    }

    @Override
    public boolean getAsBoolean() {
      State now = state.get();
      if (now == State.RUNNING) {
        ranOnce = true;
        return true;
      }
      return now == State.REBALANCING && ranOnce;
    }
  }
}
