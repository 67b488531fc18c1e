package io.ppscore.topology;

import io.ppscore.state.avro.UserEvent;

/** Outcome of parsing one input record: a valid event for a user, or the original bytes to dead-letter. */
sealed interface ParsedEvent {

  /** A decoded, validated event; {@code keyedByUser} is true when the input key already was the user id. */
  record Valid(UserEvent event, boolean keyedByUser) implements ParsedEvent {
  }

  /** A rejected record: its original key and value, unchanged (the reason travels in headers). */
  record Rejected(byte[] originalKey, byte[] originalValue) implements ParsedEvent {
  }
}
