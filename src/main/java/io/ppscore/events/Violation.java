package io.ppscore.events;

import java.util.Objects;

/** Why one event was rejected: the dead-letter reason and a message naming the field and value. */
public record Violation(DeadLetterReason reason, String message) {
  public Violation {
    Objects.requireNonNull(reason, "reason must not be null");
    Objects.requireNonNull(message, "message must not be null");
  }
}
