package io.ppscore.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.ppscore.events.avro.ClickEvent;
import io.ppscore.events.avro.OrderEvent;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * Avro's own compatibility check ignores logical types: decimal(18,2) read as decimal(18,4) would make
 * every amount 100 times smaller, timestamp-micros read as timestamp-millis 1000 times later.
 */
class LogicalTypeCompatibilityTest {

  @Test
  void shouldReportDecimalScaleChange() {
    // Given
    Schema writer = record("{\"type\": \"bytes\", \"logicalType\": \"decimal\", \"precision\": 18, \"scale\": 2}");
    Schema reader = record("{\"type\": \"bytes\", \"logicalType\": \"decimal\", \"precision\": 18, \"scale\": 4}");

    // When / Then
    assertThat(ReadCompatibility.problemReading(reader, writer)).hasValueSatisfying(problem -> assertThat(problem)
        .contains("/value").contains("decimal(18,2)").contains("decimal(18,4)"));
  }

  @Test
  void shouldPickTheUnionBranchOfTheSameNameInAnotherNamespaceAsAvroDoes() {
    // Given: the reader's nullable record, the writer's record of the same name in its own namespace
    Schema union = new Schema.Parser().parse("[\"null\", {\"type\": \"record\", \"name\": \"Price\", \"namespace\":"
        + " \"io.ppscore\", \"fields\": [{\"name\": \"v\", \"type\": \"long\"}]}]");
    Schema writer = new Schema.Parser().parse("{\"type\": \"record\", \"name\": \"Price\", \"namespace\": \"com.shop\","
        + " \"fields\": [{\"name\": \"v\", \"type\": \"long\"}]}");

    // When / Then
    assertThat(LogicalTypeCompatibility.readerBranchFor(union, writer)).isSameAs(union.getTypes().get(1));
  }

  @Test
  void shouldReportDecimalPrecisionDecrease() {
    // Given
    Schema writer = record("{\"type\": \"bytes\", \"logicalType\": \"decimal\", \"precision\": 18, \"scale\": 2}");
    Schema reader = record("{\"type\": \"bytes\", \"logicalType\": \"decimal\", \"precision\": 9, \"scale\": 2}");

    // When / Then
    assertThat(ReadCompatibility.problemReading(reader, writer)).isPresent();
  }

  @Test
  void shouldAcceptDecimalPrecisionIncreaseWithSameScale() {
    // Given: every decimal(18,2) value is a decimal(20,2) value with the same meaning
    Schema writer = record("{\"type\": \"bytes\", \"logicalType\": \"decimal\", \"precision\": 18, \"scale\": 2}");
    Schema reader = record("{\"type\": \"bytes\", \"logicalType\": \"decimal\", \"precision\": 20, \"scale\": 2}");

    // When / Then
    assertThat(ReadCompatibility.problemReading(reader, writer)).isEmpty();
  }

  @Test
  void shouldReportTimestampUnitChange() {
    // Given
    Schema writer = record("{\"type\": \"long\", \"logicalType\": \"timestamp-micros\"}");
    Schema reader = record("{\"type\": \"long\", \"logicalType\": \"timestamp-millis\"}");

    // When / Then
    assertThat(ReadCompatibility.problemReading(reader, writer)).hasValueSatisfying(problem -> assertThat(problem)
        .contains("timestamp-micros").contains("timestamp-millis"));
  }

  @Test
  void shouldReportLogicalTypeAddedOrRemoved() {
    // Given
    Schema plain = record("\"long\"");
    Schema timestamp = record("{\"type\": \"long\", \"logicalType\": \"timestamp-millis\"}");

    // When / Then
    assertThat(ReadCompatibility.problemReading(timestamp, plain)).isPresent();
    assertThat(ReadCompatibility.problemReading(plain, timestamp)).isPresent();
  }

  @Test
  void shouldFindMismatchInsideUnionsArraysAndMaps() {
    // Given
    String millis = "{\"type\": \"long\", \"logicalType\": \"timestamp-millis\"}";
    String micros = "{\"type\": \"long\", \"logicalType\": \"timestamp-micros\"}";

    // When / Then
    assertThat(ReadCompatibility.problemReading(record("[\"null\", " + millis + "]"), record("[\"null\", " + micros + "]")))
        .hasValueSatisfying(problem -> assertThat(problem).contains("/value"));
    assertThat(ReadCompatibility.problemReading(record("[\"null\", " + millis + "]"), record(micros))).isPresent();
    assertThat(ReadCompatibility.problemReading(record(millis), record("[\"null\", " + micros + "]"))).isPresent();
    assertThat(ReadCompatibility.problemReading(record("{\"type\": \"array\", \"items\": " + millis + "}"),
        record("{\"type\": \"array\", \"items\": " + micros + "}"))).isPresent();
    assertThat(ReadCompatibility.problemReading(record("{\"type\": \"map\", \"values\": " + millis + "}"),
        record("{\"type\": \"map\", \"values\": " + micros + "}"))).isPresent();
  }

  @Test
  void shouldFindMismatchInNestedRecordOfOrderLines() {
    // Given: an order whose lines carry unit prices with scale 2
    Schema writer = withDecimalScale2(OrderEvent.getClassSchema());

    // When / Then
    assertThat(ReadCompatibility.problemReading(OrderEvent.getClassSchema(), writer))
        .hasValueSatisfying(problem -> assertThat(problem).contains("/lines"));
  }

  @Test
  void shouldAcceptIdenticalSchemas() {
    // When / Then
    assertThat(ReadCompatibility.problemReading(OrderEvent.getClassSchema(), OrderEvent.getClassSchema())).isEmpty();
    assertThat(ReadCompatibility.problemReading(ClickEvent.getClassSchema(), ClickEvent.getClassSchema())).isEmpty();
  }

  @Test
  void shouldRouteRecordWrittenWithOtherDecimalScaleToSchemaMismatch() {
    // Given: a producer's ClickEvent whose price has scale 2, registered and used to write a record
    InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    AvroSerde<ClickEvent> clicks = AvroSerde.forValues(ClickEvent.class, registry, SerdeOptions.lookupOnly());
    int writerId = registry.register("other-value", clickWithPriceScale2());
    byte[] ownBytes = AvroSerde.forValues(ClickEvent.class, registry, SerdeOptions.autoRegistering())
        .serializer().serialize("clicks", SampleEvents.click());
    byte[] bytes = WireFormat.frame(writerId, Arrays.copyOfRange(ownBytes, 5, ownBytes.length));

    // When / Then
    assertThatExceptionOfType(AvroDecodingException.class)
        .isThrownBy(() -> clicks.deserializer().deserialize("clicks", bytes))
        .withMessageContaining("decimal(18,2)")
        .satisfies(e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.SCHEMA_MISMATCH));
  }

  @Test
  void shouldRejectRegistrationChangingDecimalScale() {
    // Given
    InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    registry.register("clicks-value", clickWithPriceScale2());

    // When / Then
    assertThatExceptionOfType(IncompatibleSchemaException.class)
        .isThrownBy(() -> registry.register("clicks-value", ClickEvent.getClassSchema()))
        .withMessageContaining("clicks-value")
        .withMessageContaining("decimal(18,4)");
  }

  @Test
  void shouldRejectRegistrationChangingTimestampUnit() {
    // Given
    InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    registry.register("clicks-value", parse(ClickEvent.getClassSchema().toString()
        .replace("timestamp-millis", "timestamp-micros")));

    // When / Then
    assertThatExceptionOfType(IncompatibleSchemaException.class)
        .isThrownBy(() -> registry.register("clicks-value", ClickEvent.getClassSchema()))
        .withMessageContaining("event_time");
  }

  private static Schema clickWithPriceScale2() {
    return withDecimalScale2(ClickEvent.getClassSchema());
  }

  /** {@code schema} with every decimal(18,4) changed to decimal(18,2). */
  private static Schema withDecimalScale2(Schema schema) {
    Schema changed = parse(schema.toString().replace("\"precision\":18,\"scale\":4", "\"precision\":18,\"scale\":2"));
    assertThat(changed).as("decimal scale replaced").isNotEqualTo(schema);
    return changed;
  }

  /** A record with one field {@code value} of type {@code typeJson}. */
  private static Schema record(String typeJson) {
    return parse("{\"type\": \"record\", \"name\": \"R\", \"fields\": [{\"name\": \"value\", \"type\": " + typeJson + "}]}");
  }

  private static Schema parse(String json) {
    return new Schema.Parser().parse(json);
  }
}
