package io.ppscore.topology;

import io.ppscore.events.avro.ClickEvent;
import io.ppscore.events.avro.OrderEvent;
import io.ppscore.events.avro.OrderLine;
import io.ppscore.events.avro.OrderStatus;
import io.ppscore.state.Money;
import io.ppscore.state.avro.PendingText;
import io.ppscore.state.avro.TextKind;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * The texts an accepted event adds to its user's text profiles, with the weights the training backfill
 * ({@code PointInTimeBackfill}) gives them: a placed order's lines with positive quantity and price, weighted
 * by line value (BOUGHT); a click's search text, else its product title, weighted 1 (BROWSED). Carts,
 * cancellations and refunds add none; blank texts are skipped.
 */
final class PendingTexts {

  private PendingTexts() {
  }

  static List<PendingText> of(SpecificRecord event) {
    List<PendingText> texts = new ArrayList<>();
    if (event instanceof OrderEvent order && order.getStatus() == OrderStatus.PLACED) {
      for (OrderLine line : order.getLines()) {
        if (line.getQuantity() > 0 && line.getUnitPrice().signum() > 0 && !isBlank(line.getTitle())) {
          double value = Money.fromE4(Money.lineValueE4(line.getQuantity(), line.getUnitPrice()));
          texts.add(new PendingText(line.getTitle(), TextKind.BOUGHT, value));
        }
      }
    } else if (event instanceof ClickEvent click) {
      String text = click.getSearchText() != null ? click.getSearchText() : click.getTitle();
      if (!isBlank(text)) {
        texts.add(new PendingText(text, TextKind.BROWSED, 1.0));
      }
    }
    return texts;
  }

  private static boolean isBlank(String text) {
    return text == null || text.isBlank();
  }
}
