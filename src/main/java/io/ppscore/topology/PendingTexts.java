package io.ppscore.topology;

import io.ppscore.features.EventTexts;
import io.ppscore.state.avro.PendingText;
import io.ppscore.state.avro.TextKind;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * The texts an accepted event adds to its user's text profiles ({@link EventTexts}, the rule the training
 * backfill uses too), as the Avro records the dirty-user entry keeps until the next scoring run.
 */
final class PendingTexts {

  private PendingTexts() {
  }

  static List<PendingText> of(SpecificRecord event) {
    return EventTexts.of(event).stream()
        .map(t -> new PendingText(t.text(), t.bought() ? TextKind.BOUGHT : TextKind.BROWSED, t.weight()))
        .toList();
  }
}
