package io.ppscore.topology;

import static io.ppscore.topology.TestEvents.line;
import static io.ppscore.topology.TestEvents.placed;
import static io.ppscore.topology.TestEvents.view;
import static org.assertj.core.api.Assertions.assertThat;

import io.ppscore.events.WireFormat;
import io.ppscore.events.avro.CartEvent;
import io.ppscore.events.avro.ClickEvent;
import io.ppscore.events.avro.OrderEvent;
import io.ppscore.state.Window;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeadLetterRoutingTest {

  private static final Instant WALL_CLOCK = Instant.parse("2011-07-01T00:00:00Z");
  private static final Instant T0 = Instant.parse("2011-06-01T10:30:00Z");

  private final TopologyHarness harness = new TopologyHarness(WALL_CLOCK);

  @AfterEach
  void close() {
    harness.close();
  }

  private TestRecord<byte[], byte[]> onlyDeadLetter() {
    TestRecord<byte[], byte[]> dead = harness.deadLetters.readRecord();
    assertThat(harness.deadLetters.isEmpty()).as("exactly one dead letter").isTrue();
    return dead;
  }

  private static String header(TestRecord<byte[], byte[]> r, String name) {
    return DeadLetterHeaders.read(r.headers(), name);
  }

  private void assertDeadLettered(String topic, byte[] key, byte[] value, String reason) {
    TestRecord<byte[], byte[]> dead = onlyDeadLetter();
    assertThat(header(dead, DeadLetterHeaders.REASON)).isEqualTo(reason);
    assertThat(header(dead, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(topic);
    assertThat(header(dead, DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("0");
    assertThat(header(dead, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("0");
    assertThat(header(dead, DeadLetterHeaders.APP_VERSION)).isNotBlank();
    assertThat(header(dead, DeadLetterHeaders.MESSAGE)).isNotBlank();
    assertThat(dead.key()).isEqualTo(key);
    assertThat(dead.value()).as("original bytes, unchanged").isEqualTo(value);
    // stamped when written, so topic retention counts from then; the record's own time is in a header
    assertThat(dead.timestamp()).isEqualTo(WALL_CLOCK.toEpochMilli());
    assertThat(header(dead, DeadLetterHeaders.SOURCE_TIMESTAMP)).isEqualTo(Long.toString(T0.toEpochMilli()));
  }

  private byte[] clickBytes(ClickEvent e) {
    return harness.topics.clicks().valueSerde().serializer().serialize("clicks", e);
  }

  private byte[] orderBytes(OrderEvent e) {
    return harness.topics.orders().valueSerde().serializer().serialize("orders", e);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void shouldRouteUndeserializableBytesToDeadLetterTopic() {
    // Given a frame with a registered schema id whose Avro body is cut short
    byte[] valid = clickBytes(view("c1", "u1", T0, "p1", "1.00"));
    byte[] value = java.util.Arrays.copyOf(valid, 8);
    harness.raw("clicks").pipeInput(utf8("u1"), value, T0);
    assertDeadLettered("clicks", utf8("u1"), value, "UNDESERIALIZABLE");
  }

  @Test
  void shouldRouteWrongMagicByteToDeadLetterTopic() {
    byte[] value = clickBytes(view("c1", "u1", T0, "p1", "1.00"));
    value[0] = 7;
    harness.raw("clicks").pipeInput(utf8("u1"), value, T0);
    assertDeadLettered("clicks", utf8("u1"), value, "WRONG_MAGIC_BYTE");
  }

  @Test
  void shouldRouteUnknownSchemaIdToDeadLetterTopic() {
    byte[] framed = clickBytes(view("c1", "u1", T0, "p1", "1.00"));
    byte[] body = java.util.Arrays.copyOfRange(framed, 5, framed.length);
    byte[] value = WireFormat.frame(987_654, body);
    harness.raw("clicks").pipeInput(utf8("u1"), value, T0);
    assertDeadLettered("clicks", utf8("u1"), value, "UNKNOWN_SCHEMA_ID");
  }

  @Test
  void shouldRouteSchemaMismatchToDeadLetterTopic() {
    // Given a ClickEvent written to the orders topic
    byte[] value = clickBytes(view("c1", "u1", T0, "p1", "1.00"));
    harness.raw("orders").pipeInput(utf8("u1"), value, T0);
    assertDeadLettered("orders", utf8("u1"), value, "SCHEMA_MISMATCH");
  }

  @Test
  void shouldRouteMissingUserIdToDeadLetterTopic() {
    byte[] value = orderBytes(placed("o1", "", T0, line("p", 1, "1")));
    harness.raw("orders").pipeInput(null, value, T0);
    assertDeadLettered("orders", null, value, "MISSING_USER_ID");
  }

  @Test
  void shouldRouteNegativeAmountToDeadLetterTopic() {
    byte[] value = orderBytes(placed("o1", "u1", T0, line("p", 1, "-3.00")));
    harness.raw("orders").pipeInput(utf8("u1"), value, T0);
    assertDeadLettered("orders", utf8("u1"), value, "INVALID_AMOUNT");
  }

  @Test
  void shouldRouteNonPositiveQuantityToDeadLetterTopic() {
    CartEvent cart = TestEvents.cartAdd("k1", "u1", T0, "p1", 0, "2.00");
    byte[] value = harness.topics.carts().valueSerde().serializer().serialize("carts", cart);
    harness.raw("carts").pipeInput(utf8("u1"), value, T0);
    assertDeadLettered("carts", utf8("u1"), value, "INVALID_AMOUNT");
  }

  @Test
  void shouldRouteAbsurdTimestampsToDeadLetterTopic() {
    byte[] ancient = clickBytes(view("c1", "u1", Instant.parse("1970-01-02T00:00:00Z"), "p1", "1.00"));
    harness.raw("clicks").pipeInput(utf8("u1"), ancient, T0);
    assertDeadLettered("clicks", utf8("u1"), ancient, "ABSURD_TIMESTAMP");

    byte[] future = clickBytes(view("c2", "u1", WALL_CLOCK.plus(Duration.ofDays(2)), "p1", "1.00"));
    harness.raw("clicks").pipeInput(utf8("u1"), future, T0);
    assertThat(header(harness.deadLetters.readRecord(), DeadLetterHeaders.REASON)).isEqualTo("ABSURD_TIMESTAMP");
  }

  @Test
  void shouldRouteOversizedStringToDeadLetterTopic() {
    ClickEvent click = view("c1", "u1", T0, "p1", "1.00");
    click.setTitle("x".repeat(harness.config.getInt("validation.max.string.length") + 1));
    byte[] value = clickBytes(click);
    harness.raw("clicks").pipeInput(utf8("u1"), value, T0);
    assertDeadLettered("clicks", utf8("u1"), value, "OVERSIZED_FIELD");
  }

  @Test
  void shouldRouteEmptyValueToDeadLetterTopic() {
    harness.raw("carts").pipeInput(utf8("u1"), new byte[0], T0);
    assertDeadLettered("carts", utf8("u1"), new byte[0], "UNDESERIALIZABLE");
  }

  @Test
  void shouldRouteOrderWithStatusANewerProducerAddedToDeadLetterTopicInsteadOfCountingItAsPlaced() throws Exception {
    // Given: a producer added CHARGEBACK to OrderStatus (BACKWARD compatible; the old default was PLACED)
    Schema ours = OrderEvent.getClassSchema();
    Schema newer = new Schema.Parser().parse(ours.toString().replaceFirst(
        "(\"name\":\"OrderStatus\".*?\"symbols\":)\\[[^\\]]*\\](,\"default\":\")[A-Z]+\"",
        "$1[\"PLACED\",\"CANCELLED\",\"REFUNDED\",\"CHARGEBACK\"]$2PLACED\""));
    int id = harness.registry.register("orders-producer-value", newer);
    byte[] placedBytes = orderBytes(placed("o1", "u1", T0, line("p", 1, "50.00")));
    WireFormat.Frame frame = WireFormat.parse(placedBytes);
    GenericRecord chargeback = new GenericDatumReader<GenericRecord>(ours)
        .read(null, DecoderFactory.get().binaryDecoder(placedBytes, frame.bodyOffset(), frame.bodyLength(), null));
    chargeback.put("status", new GenericData.EnumSymbol(newer.getField("status").schema(), "CHARGEBACK"));
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(body, null);
    new GenericDatumWriter<GenericRecord>(newer).write(chargeback, encoder);
    encoder.flush();
    byte[] value = WireFormat.frame(id, body.toByteArray());
    harness.clicks.pipeInput("u1", view("c1", "u1", T0, "p1", "1.00"));

    // When
    harness.raw("orders").pipeInput(utf8("u1"), value, T0.plusSeconds(1));

    // Then: dead-lettered with the reason, and no order in the user's state
    TestRecord<byte[], byte[]> dead = onlyDeadLetter();
    assertThat(header(dead, DeadLetterHeaders.REASON)).isEqualTo("INVALID_FIELD");
    assertThat(header(dead, DeadLetterHeaders.MESSAGE)).contains("order status not known to this version");
    assertThat(dead.value()).isEqualTo(value);
    assertThat(harness.state("u1", T0.plusSeconds(2)).orElseThrow().stats(Window.LIFETIME).bucket().getOrders()).isZero();
  }

  @Test
  void shouldKeepProcessingGoodRecordsAroundBadOnes() {
    // Given a good click, a poison pill, and another good click
    harness.clicks.pipeInput("u1", view("c1", "u1", T0, "p1", "1.00"));
    harness.raw("clicks").pipeInput(utf8("u1"), new byte[] {9, 9, 9}, T0);
    harness.clicks.pipeInput("u1", view("c2", "u1", T0.plusSeconds(1), "p2", "2.00"));

    // Then both good clicks are in the state and the pill is dead-lettered
    assertThat(harness.state("u1", T0.plusSeconds(2)).orElseThrow().stats(Window.LIFETIME).bucket().getViews()).isEqualTo(2);
    assertThat(header(onlyDeadLetter(), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("1");
  }
}
