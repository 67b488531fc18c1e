package io.ppscore.topology;

import io.ppscore.state.avro.UserEvent;

/** Outcome of parsing one input record: a valid event for a user, or the original bytes to dead-letter. */
sealed interface ParsedEvent {

  /**
   * A decoded, validated event; {@code onUserPartition} is true when the input key already was the user id and
   * the record arrived on the partition the default partitioner gives that key (the task holding the user's state).
   */
  record Valid(UserEvent event, boolean onUserPartition) implements ParsedEvent {
  }

  /** A rejected record: its original key and value, unchanged (the reason travels in headers). */
  record Rejected(byte[] originalKey, byte[] originalValue) implements ParsedEvent {
  }
}
