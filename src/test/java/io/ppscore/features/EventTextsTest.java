package io.ppscore.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.ppscore.events.avro.ClickEvent;
import io.ppscore.events.avro.ClickType;
import io.ppscore.events.avro.OrderEvent;
import io.ppscore.events.avro.OrderLine;
import io.ppscore.events.avro.OrderStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventTextsTest {

  private static final Instant AT = Instant.parse("2024-03-01T10:15:30Z");

  /**
   * Texts of characters the tokenizers drop (they embed as [CLS] [SEP]), most of which String.isBlank takes
   * for text: no-break, zero-width and narrow spaces, joiners, a byte-order mark, control characters, the
   * replacement character and private-use characters.
   */
  private static final List<String> INVISIBLE = List.of("\u00a0", "\u200b", "\ufeff", " \u200d\u00a0\t",
      "\u3000", "\u2060\u202f", "\u0001\u007f", "\ufffd", "\ue000\ue001 \ufffd");

  @Test
  void shouldSkipOrderLineTitlesMadeOfInvisibleCharactersOnly() {
    // Given a placed order whose lines are one real title and titles of invisible characters only
    OrderLine[] lines = new OrderLine[INVISIBLE.size() + 1];
    lines[0] = line("red leather handbag");
    for (int i = 0; i < INVISIBLE.size(); i++) {
      lines[i + 1] = line(INVISIBLE.get(i));
    }

    // When its texts are taken
    List<EventTexts.EventText> texts = EventTexts.of(placed(lines));

    // Then only the real title joins the bought profile
    assertThat(texts).extracting(EventTexts.EventText::text).containsExactly("red leather handbag");
  }

  @Test
  void shouldSkipASearchTextOfInvisibleCharactersOnly() {
    for (String invisible : INVISIBLE) {
      // Given a search whose text is only invisible characters
      ClickEvent search = ClickEvent.newBuilder().setEventId("c1").setUserId("u1").setEventTime(AT)
          .setType(ClickType.SEARCH).setSearchText(invisible).build();

      // When / Then it adds no text
      assertThat(EventTexts.of(search)).as("search text %s", invisible.codePoints().boxed().toList()).isEmpty();
    }
  }

  @Test
  void shouldKeepATextWithOneVisibleCharacterAmongInvisibleOnes() {
    assertThat(EventTexts.isBlank("\u200b\u00a0包\ufeff")).isFalse();
    assertThat(EventTexts.isBlank("\u00a0x")).isFalse();
    assertThat(EventTexts.isBlank("")).isTrue();
    assertThat(EventTexts.isBlank(null)).isTrue();
  }

  private static OrderLine line(String title) {
    return OrderLine.newBuilder().setProductId("p-" + title.hashCode()).setTitle(title).setCategory("bags")
        .setQuantity(1).setUnitPrice(new BigDecimal("9.9900")).build();
  }

  private static OrderEvent placed(OrderLine... lines) {
    BigDecimal total = BigDecimal.ZERO.setScale(4);
    for (OrderLine l : lines) {
      total = total.add(l.getUnitPrice().multiply(BigDecimal.valueOf(l.getQuantity())));
    }
    return OrderEvent.newBuilder().setEventId("o1").setUserId("u1").setEventTime(AT).setOrderId("o1")
        .setStatus(OrderStatus.PLACED).setLines(List.of(lines)).setTotal(total).setCurrency("GBP").build();
  }
}
