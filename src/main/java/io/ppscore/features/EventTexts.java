package io.ppscore.features;

import io.ppscore.events.avro.ClickEvent;
import io.ppscore.events.avro.OrderEvent;
import io.ppscore.events.avro.OrderLine;
import io.ppscore.events.avro.OrderStatus;
import io.ppscore.state.Buckets;
import io.ppscore.state.Money;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * The texts an accepted event adds to its user's text profiles, and their weights: a placed order's lines
 * with positive quantity and price, weighted by line value (bought); a click's search text, else its
 * product title, weighted 1 (browsed). Carts, cancellations and refunds add none; blank texts are skipped
 * (see {@code isBlank}). The one rule for the training backfill and the streaming scorer, so their profiles cannot differ.
 */
public final class EventTexts {

  /** One text of an event: which profile it joins and with what weight. */
  public record EventText(String text, boolean bought, double weight) {
  }

  private EventTexts() {
  }

  public static List<EventText> of(SpecificRecord event) {
    List<EventText> texts = new ArrayList<>();
    if (event instanceof OrderEvent order && order.getStatus() == OrderStatus.PLACED) {
      for (OrderLine line : order.getLines()) {
        if (Buckets.countsAsSpend(line) && !isBlank(line.getTitle())) {
          double value = Money.fromE4(Money.lineValueE4(line.getQuantity(), line.getUnitPrice()));
          texts.add(new EventText(line.getTitle(), true, value));
        }
      }
    } else if (event instanceof ClickEvent click) {
      String text = click.getSearchText() != null ? click.getSearchText() : click.getTitle();
      if (!isBlank(text)) {
        texts.add(new EventText(text, false, 1.0));
      }
    }
    return texts;
  }

  /** U+FFFD, what a decoder puts for bytes it could not read; the tokenizers drop it. */
  private static final int REPLACEMENT_CHARACTER = 0xFFFD;

  /**
   * Whether {@code text} holds nothing an encoder could read: null, or every code point whitespace, a space
   * separator ({@link Character#isSpaceChar}: U+00A0 no-break space, U+202F, ...), a format character
   * (U+200B zero-width space, U+200D zero-width joiner, U+FEFF byte-order mark, ...), a control character, the
   * replacement character U+FFFD (a decoder's mark for bytes it could not read) or a private-use character.
   * {@link String#isBlank} takes most of these for text, and the tokenizers drop them, so such a text was
   * embedded as {@code [CLS] [SEP]}, the empty text's vector, and added to the profile as if it said something.
   */
  static boolean isBlank(String text) {
    return text == null || text.codePoints().allMatch(EventTexts::isInvisible);
  }

  private static boolean isInvisible(int codePoint) {
    return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint)
        || Character.getType(codePoint) == Character.FORMAT || Character.getType(codePoint) == Character.CONTROL
        || Character.getType(codePoint) == Character.PRIVATE_USE || codePoint == REPLACEMENT_CHARACTER;
  }
}
