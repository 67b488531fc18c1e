package io.ppscore.query;

import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KafkaStreams.State;

/**
 * Health probes derived from the Kafka Streams client state, for {@link HttpApi.Builder#liveness} and
 * {@link HttpApi.Builder#readiness}.
 *
 * <p>Ready means {@code RUNNING}, or {@code REBALANCING} once the client has been seen {@code RUNNING} (and,
 * through {@link #ready(KafkaStreams, BooleanSupplier)}, whatever else the app needs, such as a loaded model).
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

  /** True while {@code streams} is {@code RUNNING}, or {@code REBALANCING} after it was seen {@code RUNNING}. */
  public static BooleanSupplier ready(KafkaStreams streams) {
    return ready(streams::state);
  }

  /**
   * True while {@link #ready(KafkaStreams)} is and {@code alsoRequired} holds, e.g. the scoring model is
   * loaded and not yet closed.
   */
  public static BooleanSupplier ready(KafkaStreams streams, BooleanSupplier alsoRequired) {
    return ready(streams::state, alsoRequired);
  }

  /** True unless {@code streams} is in {@code PENDING_ERROR}, {@code ERROR} or {@code NOT_RUNNING}. */
  public static BooleanSupplier live(KafkaStreams streams) {
    return live(streams::state);
  }

  /** The client state's name, for the health response bodies. */
  public static Supplier<String> stateName(KafkaStreams streams) {
    return () -> streams.state().name();
  }

  static BooleanSupplier ready(Supplier<State> state) {
    AtomicBoolean wasRunning = new AtomicBoolean();
    return () -> {
      State now = state.get();
      if (now == State.RUNNING) {
        wasRunning.set(true);
        return true;
      }
      return now == State.REBALANCING && wasRunning.get();
    };
  }

  static BooleanSupplier ready(Supplier<State> state, BooleanSupplier alsoRequired) {
    BooleanSupplier running = ready(state);
    return () -> running.getAsBoolean() && alsoRequired.getAsBoolean();
  }

  static BooleanSupplier live(Supplier<State> state) {
    return () -> !DEAD.contains(state.get());
  }
}
