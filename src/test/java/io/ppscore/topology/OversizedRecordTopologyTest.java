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
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Records near the Kafka Streams producer's max.request.size: refused before decoding only when larger than it,
 * refused after decoding when their copy on the rekey topic would be larger than the producer accepts, otherwise
 * processed; every dead letter cut down to what the producer accepts.
 */
class OversizedRecordTopologyTest {

  private static final Instant WALL_CLOCK = Instant.parse("2011-07-01T00:00:00Z");
  private static final Instant T0 = Instant.parse("2011-06-01T10:30:00Z");
  /** The default producer max.request.size. */
  private static final int MAX_REQUEST_SIZE = 1_048_576;
  /** The largest record ppscore writes with the default max.request.size (minus the framing allowance). */
  private static final int DEFAULT_LIMIT = MAX_REQUEST_SIZE - RecordSizeLimit.FRAMING;
  /** The limit before records between it and max.request.size were processed again. */
  private static final int OLD_LIMIT = 983_040;

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

  private static long size(TestRecord<byte[], byte[]> r) {
    return RecordSizeLimit.sizeOf(r.key(), r.value(), r.headers());
  }

  /** A valid placed order of {@code lines} lines at 1.00 with titles of {@code titleLength} characters. */
  private static OrderEvent bigOrder(String eventId, String userId, Instant at, int lines, int titleLength) {
    return bigOrder(eventId, userId, at, lines, titleLength, 1);
  }

  /** As above, with product ids of at least {@code idLength} characters. */
  private static OrderEvent bigOrder(String eventId, String userId, Instant at, int lines, int titleLength,
      int idLength) {
    List<OrderLine> all = new ArrayList<>();
    for (int i = 0; i < lines; i++) {
      String id = String.format("p%0" + Math.max(1, idLength - 1) + "d", i);
      all.add(OrderLine.newBuilder(line(id, 1, "1.00")).setTitle("t".repeat(titleLength)).build());
    }
    return placed(eventId, userId, at, all.toArray(OrderLine[]::new));
  }

  private byte[] encoded(OrderEvent order) {
    return harness.topics.orders().valueSerde().serializer().serialize("orders", order);
  }

  @Test
  void shouldDeadLetterARecordLargerThanTheProducerAcceptsBeforeDecodingIt() {
    // Given a value just over the producer's max.request.size
    byte[] value = new byte[MAX_REQUEST_SIZE + 10];

    // When it arrives on the clicks topic
    harness.raw("clicks").pipeInput(utf8("u1"), value, T0);

    // Then its dead letter says why and where from, with an empty value and the value's size in a header
    TestRecord<byte[], byte[]> dead = onlyDeadLetter();
    assertThat(header(dead, DeadLetterHeaders.REASON)).isEqualTo("OVERSIZED_FIELD");
    assertThat(header(dead, DeadLetterHeaders.MESSAGE)).isEqualTo("record of " + (MAX_REQUEST_SIZE + 12)
        + " bytes (key, value and headers), more than the producer's max.request.size of " + MAX_REQUEST_SIZE);
    assertThat(header(dead, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("clicks");
    assertThat(header(dead, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("0");
    assertThat(header(dead, DeadLetterHeaders.VALUE_OMITTED_BYTES)).isEqualTo(Integer.toString(value.length));
    assertThat(dead.key()).isEqualTo(utf8("u1"));
    assertThat(dead.value()).isEmpty();
  }

  @Test
  void shouldFitTheDeadLetterOfAnUndecodableRecordWithinHeadersOfTheProducerLimit() {
    // Given an undecodable value 200 bytes under 1 MiB: with the ~7 dead-letter headers it would exceed the limit
    byte[] value = new byte[1_048_376];

    // When it arrives on the clicks topic
    harness.raw("clicks").pipeInput(utf8("u1"), value, T0);

    // Then it is dead-lettered for its own reason, without its value, within the limit
    TestRecord<byte[], byte[]> dead = onlyDeadLetter();
    assertThat(header(dead, DeadLetterHeaders.REASON)).isEqualTo("UNKNOWN_SCHEMA_ID");
    assertThat(header(dead, DeadLetterHeaders.VALUE_OMITTED_BYTES)).isEqualTo("1048376");
    assertThat(dead.key()).isEqualTo(utf8("u1"));
    assertThat(dead.value()).isEmpty();
    assertThat(size(dead)).isLessThanOrEqualTo(DEFAULT_LIMIT);
  }

  @Test
  void shouldProcessAValidOrderOfAboutAMegabyteKeyedByItsUser() {
    // Given a valid order of 1,000 lines with 975-character titles, about 1 MB, keyed by its user
    byte[] value = encoded(bigOrder("o1", "u1", T0, 1_000, 975));
    assertThat(value.length).isGreaterThan(OLD_LIMIT).isLessThan(DEFAULT_LIMIT);

    // When it arrives on its user's partition (it never takes the rekey topic)
    harness.raw("orders").pipeInput(utf8("u1"), value, T0);

    // Then it is counted, not dead-lettered
    assertThat(harness.deadLetters.isEmpty()).isTrue();
    var lifetime = harness.state("u1", T0.plusSeconds(1)).orElseThrow().stats(Window.LIFETIME).bucket();
    assertThat(lifetime.getOrders()).isEqualTo(1);
  }

  @Test
  void shouldDeadLetterAValidOrderWhoseRekeyedCopyIsTooLargeAndGoOnWithTheNextRecord() {
    // Given a valid order (1,000 lines with 1,000-character titles) and a key that is not its user, 400 bytes under
    // max.request.size together: keyed by its user, wrapped and carrying the original key, it is over the limit
    byte[] value = encoded(bigOrder("o1", "u1", T0, 1_000, 1_000));
    byte[] key = new byte[MAX_REQUEST_SIZE - 400 - value.length];
    java.util.Arrays.fill(key, (byte) 'k');

    // When it arrives, followed by a good view
    harness.raw("orders").pipeInput(key, value, T0);
    harness.clicks.pipeInput("u1", view("c1", "u1", T0.plusSeconds(1), "p1", "1.00"), T0.plusSeconds(1));

    // Then the order is dead-lettered as oversized (not sent on to the rekey topic), fitted, and the view counted
    TestRecord<byte[], byte[]> dead = onlyDeadLetter();
    assertThat(header(dead, DeadLetterHeaders.REASON)).isEqualTo("OVERSIZED_FIELD");
    assertThat(header(dead, DeadLetterHeaders.MESSAGE)).startsWith("its copy for the rekey topic")
        .contains("more than the " + DEFAULT_LIMIT + " the producer accepts");
    assertThat(header(dead, DeadLetterHeaders.VALUE_OMITTED_BYTES)).isEqualTo(Integer.toString(value.length));
    assertThat(dead.value()).isEmpty();
    assertThat(size(dead)).isLessThanOrEqualTo(DEFAULT_LIMIT);
    var lifetime = harness.state("u1", T0.plusSeconds(2)).orElseThrow().stats(Window.LIFETIME).bucket();
    assertThat(lifetime.getOrders()).isZero();
    assertThat(lifetime.getViews()).isEqualTo(1);
  }

  @Test
  void shouldRekeyAnUnkeyedOrderWhoseCopyFits() {
    // Given a valid unkeyed order of about 980 KB
    byte[] value = encoded(bigOrder("o1", "u1", T0, 1_000, 955));

    // When it arrives without a key
    harness.raw("orders").pipeInput(null, value, T0);

    // Then it takes the rekey topic and is counted
    assertThat(harness.deadLetters.isEmpty()).isTrue();
    var lifetime = harness.state("u1", T0.plusSeconds(1)).orElseThrow().stats(Window.LIFETIME).bucket();
    assertThat(lifetime.getOrders()).isEqualTo(1);
  }

  @Test
  void shouldFitTheDeadLetterOfALateOrderOfAboutAMegabyte() {
    // Given a user whose view moved the watermark three days past T0
    harness.clicks.pipeInput("u1", view("c1", "u1", T0.plus(java.time.Duration.ofDays(3)), "p1", "1.00"),
        T0.plus(java.time.Duration.ofDays(3)));
    byte[] value = encoded(bigOrder("o1", "u1", T0, 1_000, 1_000, 28));
    assertThat(value.length).isGreaterThan(DEFAULT_LIMIT - 100).isLessThan(DEFAULT_LIMIT);

    // When a valid order within 100 bytes of the limit, keyed by its user, arrives stamped at T0 (late)
    harness.raw("orders").pipeInput(utf8("u1"), value, T0);

    // Then its dead letter (the re-encoded event plus the dead-letter headers) is cut down to the limit
    TestRecord<byte[], byte[]> dead = onlyDeadLetter();
    assertThat(header(dead, DeadLetterHeaders.REASON)).isEqualTo("LATE_EVENT");
    assertThat(header(dead, DeadLetterHeaders.VALUE_OMITTED_BYTES)).isNotNull();
    assertThat(dead.value()).isEmpty();
    assertThat(dead.key()).isEqualTo(utf8("u1"));
    assertThat(size(dead)).isLessThanOrEqualTo(DEFAULT_LIMIT);
  }

  @Test
  void shouldFitTheDeadLetterOfACurrencyConflictWhoseKeyIsNotTheUser() {
    // Given a user who ordered in GBP
    harness.orders.pipeInput("u1", placed("o0", "u1", T0, line("p0", 1, "1.00")), T0);
    // and a USD order of 870 lines with 1,000-character titles under a 90,000-byte key that is not its user,
    // with a header: its rekeyed copy fits, but its dead letter carries the key twice (as key and as source_key)
    OrderEvent usd = OrderEvent.newBuilder(bigOrder("o1", "u1", T0.plusSeconds(60), 870, 1_000)).setCurrency("USD").build();
    byte[] value = encoded(usd);
    byte[] key = new byte[90_000];
    java.util.Arrays.fill(key, (byte) 'k');
    RecordHeaders headers = new RecordHeaders();
    headers.add("trace-id", utf8("abc"));

    // When it arrives
    harness.raw("orders").pipeInput(new TestRecord<>(key, value, headers, T0.plusSeconds(60)));

    // Then it is dead-lettered as a currency conflict, cut down to the limit
    TestRecord<byte[], byte[]> dead = onlyDeadLetter();
    assertThat(header(dead, DeadLetterHeaders.REASON)).isEqualTo("INVALID_FIELD");
    assertThat(header(dead, DeadLetterHeaders.VALUE_OMITTED_BYTES)).isNotNull();
    assertThat(header(dead, "trace-id")).isEqualTo("abc");
    assertThat(dead.value()).isEmpty();
    assertThat(size(dead)).isLessThanOrEqualTo(DEFAULT_LIMIT);
  }

  @Test
  void shouldTakeTheLimitFromTheProducersMaxRequestSize() {
    // Given a producer max.request.size of 200,000 bytes
    harness.close();
    harness = new TopologyHarness(WALL_CLOCK, Map.of("kafka.max.request.size", 200_000));

    // When a 210,000-byte record arrives
    harness.raw("clicks").pipeInput(utf8("u1"), new byte[210_000], T0);

    // Then it is refused as oversized, its value left out of the dead letter
    TestRecord<byte[], byte[]> dead = onlyDeadLetter();
    assertThat(header(dead, DeadLetterHeaders.REASON)).isEqualTo("OVERSIZED_FIELD");
    assertThat(header(dead, DeadLetterHeaders.MESSAGE)).endsWith("more than the producer's max.request.size of 200000");
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
