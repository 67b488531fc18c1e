package io.ppscore.topology;

/**
 * Lets the app tell the scoring runs it is closing. A scoring run that starts after {@link #close()} scores
 * nobody: its users stay in {@code scoring-dirty-users} (committed with the state under exactly-once), so they
 * are scored after the restart, here or on the instance that takes the task over. Without it Kafka Streams'
 * close waited for every run its stream thread still had to do, each embedding up to
 * {@code scoring.max.batch.texts} new texts: a demo stopped while it caught up took 20-25 s to stop.
 */
public final class ScoringGate {

  private volatile boolean closed;

  /** From now on, scoring runs score nobody. */
  public void close() {
    closed = true;
  }

  /** Whether {@link #close()} was called. */
  public boolean closed() {
    return closed;
  }
}
