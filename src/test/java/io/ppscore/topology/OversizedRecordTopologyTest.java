package io.ppscore.topology;

import static io.ppscore.topology.TestEvents.line;
import static io.ppscore.topology.TestEvents.placed;
import static io.ppscore.topology.TestEvents.view;
import static org.assertj.core.api.Assertions.assertThat;

import io.ppscore.events.avro.OrderEvent;
import io.ppscore.events.avro.OrderLine;
import io.ppscore.state.Window;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Records too large for the Kafka Streams producer once ppscore adds its dead-letter headers or the rekey
 * wrapping: refused by the parse step, their dead letter written without the original value.
 */
class OversizedRecordTopologyTest {

  private static final Instant WALL_CLOCK = Instant.parse("2011-07-01T00:00:00Z");
  private static final Instant T0 = Instant.parse("2011-06-01T10:30:00Z");
  /** The default producer max.request.size (1,048,576) minus the 64 KiB margin. */
  private static final int DEFAULT_LIMIT = 983_040;

  private TopologyHarness harness = new TopologyHarness(WALL_CLOCK);

  @AfterEach
  void close() {
    harness.close();
  }

  private static String header(TestRecord<byte[], byte[]> r, String name) {
    return DeadLetterHeaders.read(r.headers(), name);
  }

  private TestRecord<byte[], byte[]> onlyDeadLetter() {
    TestRecord<byte[], byte[]> dead = harness.deadLetters.readRecord();
    assertThat(harness.deadLetters.isEmpty()).as("exactly one dead letter").isTrue();
    return dead;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void shouldDeadLetterARecordWithinHeadersOfTheProducerLimitWithoutItsValue() {
    // Given a value 200 bytes under 1 MiB: with the ~7 dead-letter headers it would exceed max.request.size
    byte[] value = new byte[1_048_376];

    // When it arrives on the clicks topic
    harness.raw("clicks").pipeInput(utf8("u1"), value, T0);

    // Then its dead letter says why and where from, with an empty value and the value's size in a header
    TestRecord<byte[], byte[]> dead = onlyDeadLetter();
    assertThat(header(dead, DeadLetterHeaders.REASON)).isEqualTo("OVERSIZED_FIELD");
    assertThat(header(dead, DeadLetterHeaders.MESSAGE))
        .startsWith("record of 1048378 bytes (key, value and headers), more than the " + DEFAULT_LIMIT + " accepted");
    assertThat(header(dead, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("clicks");
    assertThat(header(dead, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("0");
    assertThat(header(dead, DeadLetterHeaders.VALUE_OMITTED_BYTES)).isEqualTo("1048376");
    assertThat(dead.key()).isEqualTo(utf8("u1"));
    assertThat(dead.value()).isEmpty();
  }

  @Test
  void shouldDeadLetterAValidOrderTooLargeToRekeyAndGoOnWithTheNextRecord() {
    // Given an unkeyed order within the validation limits (1,000 lines of 1,000-character titles), over 1 MB
    List<OrderLine> lines = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      lines.add(OrderLine.newBuilder(line("p" + i, 1, "1.00")).setTitle("t".repeat(1_000)).build());
    }
    OrderEvent huge = placed("o1", "u1", T0, lines.toArray(OrderLine[]::new));
    byte[] value = harness.topics.orders().valueSerde().serializer().serialize("orders", huge);
    assertThat(value.length).isGreaterThan(DEFAULT_LIMIT);

    // When it arrives without a key, followed by a good view
    harness.raw("orders").pipeInput(null, value, T0);
    harness.clicks.pipeInput("u1", view("c1", "u1", T0.plusSeconds(1), "p1", "1.00"), T0.plusSeconds(1));

    // Then the order is dead-lettered as oversized (not sent on to the rekey topic) and the view counted
    TestRecord<byte[], byte[]> dead = onlyDeadLetter();
    assertThat(header(dead, DeadLetterHeaders.REASON)).isEqualTo("OVERSIZED_FIELD");
    assertThat(header(dead, DeadLetterHeaders.VALUE_OMITTED_BYTES)).isEqualTo(Integer.toString(value.length));
    assertThat(dead.value()).isEmpty();
    var lifetime = harness.state("u1", T0.plusSeconds(2)).orElseThrow().stats(Window.LIFETIME).bucket();
    assertThat(lifetime.getOrders()).isZero();
    assertThat(lifetime.getViews()).isEqualTo(1);
  }

  @Test
  void shouldTakeTheLimitFromTheProducersMaxRequestSize() {
    // Given a producer max.request.size of 200,000 bytes: records over 134,464 bytes are refused
    harness.close();
    harness = new TopologyHarness(WALL_CLOCK, Map.of("kafka.max.request.size", 200_000));

    // When a 140,000-byte record arrives
    harness.raw("clicks").pipeInput(utf8("u1"), new byte[140_000], T0);

    // Then it is refused as oversized, its value left out of the dead letter
    TestRecord<byte[], byte[]> dead = onlyDeadLetter();
    assertThat(header(dead, DeadLetterHeaders.REASON)).isEqualTo("OVERSIZED_FIELD");
    assertThat(header(dead, DeadLetterHeaders.MESSAGE)).contains("more than the 134464 accepted");
    assertThat(dead.value()).isEmpty();
  }

  @Test
  void shouldKeepTheValueOfADeadLetterThatFits() {
    // Given an undecodable record well under the limit
    byte[] value = new byte[1_000];

    // When it arrives
    harness.raw("clicks").pipeInput(utf8("u1"), value, T0);

    // Then its dead letter carries it unchanged, with no omission header
    TestRecord<byte[], byte[]> dead = onlyDeadLetter();
    assertThat(header(dead, DeadLetterHeaders.REASON)).isEqualTo("UNKNOWN_SCHEMA_ID");
    assertThat(dead.value()).isEqualTo(value);
    assertThat(header(dead, DeadLetterHeaders.VALUE_OMITTED_BYTES)).isNull();
  }
}
