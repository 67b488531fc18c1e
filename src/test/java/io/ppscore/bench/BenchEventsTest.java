package io.ppscore.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.ppscore.events.InputEvents;
import io.ppscore.events.avro.ClickEvent;
import io.ppscore.events.avro.ClickType;
import io.ppscore.events.avro.OrderEvent;
import io.ppscore.events.avro.OrderStatus;
import io.ppscore.replay.ReplayEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchEventsTest {

  private static ReplayEvent click(String id, String at) {
    return ReplayEvent.of(ClickEvent.newBuilder().setEventId(id).setUserId("u1").setEventTime(Instant.parse(at))
        .setType(ClickType.VIEW).setProductId("p1").build());
  }

  private final BenchEvents events = new BenchEvents(List.of(
      click("c2", "2020-01-01T00:00:10Z"), click("c1", "2020-01-01T00:00:00Z"), click("c3", "2020-01-01T00:00:20Z")));

  @Test
  void shouldTakeTheLatestEventsOfTheSampleMovedToEndAtTheGivenTime() {
    long end = Instant.parse("2026-11-22T00:00:00Z").toEpochMilli();

    List<ReplayEvent> taken = events.take(2, end);

    assertThat(taken).extracting(e -> InputEvents.eventId(e.value())).containsExactly("c2", "c3");
    assertThat(taken.get(1).timestampMs()).isEqualTo(end);
    assertThat(taken.get(0).timestampMs()).isEqualTo(end - 10_000);
  }

  @Test
  void shouldLoopTheSampleWithFreshIdsAndRisingTimes() {
    long end = Instant.parse("2026-11-22T00:00:00Z").toEpochMilli();

    List<ReplayEvent> taken = events.take(7, end);

    assertThat(taken).extracting(e -> InputEvents.eventId(e.value()))
        .containsExactly("c1", "c2", "c3", "c1~1", "c2~1", "c3~1", "c1~2");
    for (int i = 1; i < taken.size(); i++) {
      assertThat(taken.get(i).timestampMs()).isGreaterThan(taken.get(i - 1).timestampMs());
    }
    assertThat(taken.get(6).timestampMs()).isEqualTo(end);
    assertThat(events.loops(7)).isEqualTo(3);
  }

  @Test
  void shouldCloseAGapOfYearsBetweenTheSamplesDatasetsToOneDaySoLoopsStayRecent() {
    // Given two datasets eight years apart, as in the bundled sample (Online Retail 2011, REES46 2019)
    BenchEvents twoDatasets = new BenchEvents(List.of(click("a1", "2011-06-01T00:00:00Z"), click("a2", "2011-06-02T00:00:00Z"),
        click("b1", "2019-10-01T00:00:00Z"), click("b2", "2019-10-01T00:00:05Z")));
    long end = Instant.parse("2026-11-22T00:00:00Z").toEpochMilli();

    // When looped three times
    List<ReplayEvent> taken = twoDatasets.take(12, end);

    // Then the gap is one day, gaps within a dataset are kept, and the first event is days, not decades, back
    long day = 86_400_000L;
    assertThat(taken.get(2).timestampMs() - taken.get(1).timestampMs()).isEqualTo(day);
    assertThat(taken.get(1).timestampMs() - taken.get(0).timestampMs()).isEqualTo(day);
    assertThat(taken.get(3).timestampMs() - taken.get(2).timestampMs()).isEqualTo(5_000L);
    assertThat(end - taken.get(0).timestampMs()).isLessThan(12 * day);
  }

  @Test
  void shouldPaceWithTheClickEventsBeforeTheLoadedOnesNeverTheLoadedOnesOrTheOrdersBeforeThem() {
    // Given an order dataset followed by a click stream, and a load of the latest two clicks
    OrderEvent order = OrderEvent.newBuilder().setEventId("o1").setUserId("r1").setEventTime(Instant.parse("2011-06-01T00:00:00Z"))
        .setOrderId("o1").setStatus(OrderStatus.PLACED).setLines(List.of()).setTotal(new java.math.BigDecimal("0.0000"))
        .setCurrency("GBP").build();
    BenchEvents mixed = new BenchEvents(List.of(ReplayEvent.of(order), click("b1", "2019-10-01T00:00:00Z"),
        click("b2", "2019-10-01T00:00:05Z"), click("b3", "2019-10-01T00:00:10Z"), click("b4", "2019-10-01T00:00:15Z")));

    // When the paced phase takes five events after a load of two
    List<String> paced = java.util.stream.IntStream.range(0, 5).mapToObj(i -> InputEvents.eventId(mixed.paced(i, 2).value())).toList();

    // Then it cycles over the clicks before the load, with fresh ids after the first cycle
    assertThat(paced).containsExactly("b1", "b2", "b1~p1", "b2~p1", "b1~p2");
    // and a load of the whole sample is followed by the next loop, as before
    assertThat(InputEvents.eventId(mixed.paced(0, 5).value())).isEqualTo("o1~1");
    // and with no click before the load (it took every click), the next loop, never a loaded event
    assertThat(InputEvents.eventId(mixed.paced(0, 4).value())).isEqualTo("o1~1");
  }
}
