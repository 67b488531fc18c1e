package io.ppscore.replay;

/** Where a {@link Replayer} sends events: Kafka in the demo, a list in tests. */
public interface ReplayTarget extends AutoCloseable {

  /** Sends one event, possibly asynchronously; fails if an earlier send has failed. */
  void send(ReplayEvent event);

  /** Blocks until every event sent so far is delivered; fails if any was not. */
  void flush();

  /** Releases the target's resources. */
  @Override
  void close();
}
