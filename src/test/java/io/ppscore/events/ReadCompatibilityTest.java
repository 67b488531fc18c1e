package io.ppscore.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.ppscore.events.avro.ClickEvent;
import io.ppscore.events.avro.OrderEvent;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * Avro resolves each record on its own: a writer whose only values the reader cannot take are union
 * branches it has no match for is read record by record, and only the records holding such a branch fail.
 */
class ReadCompatibilityTest {

  @Test
  void shouldDecodeRecordByRecordWhenWriterMadeUserIdNullable() {
    // Given
    Schema writer = SchemaEvolutionTest.nullableUserId(ClickEvent.getClassSchema());

    // When / Then: the deserializer reads it; the registry's check and the projection still refuse it
    assertThat(ReadCompatibility.problemReading(ClickEvent.getClassSchema(), writer)).isEmpty();
    assertThat(ReadCompatibility.problemReadingEveryValue(ClickEvent.getClassSchema(), writer)).isPresent();
  }

  @Test
  void shouldDecodeRecordByRecordWhenOneBranchOfEachUnionIsReadable() {
    assertThat(ReadCompatibility.problemReading(ClickEvent.getClassSchema(), userIdAs("[\"string\", \"int\"]"))).isEmpty();
    Schema nullableQuantity = new Schema.Parser().parse(OrderEvent.getClassSchema().toString().replace(
        "{\"name\":\"quantity\",\"type\":\"int\"", "{\"name\":\"quantity\",\"type\":[\"null\",\"int\"]"));
    assertThat(nullableQuantity.getField("lines").schema().getElementType().getField("quantity").schema().isNullable()).isTrue();
    assertThat(ReadCompatibility.problemReading(OrderEvent.getClassSchema(), nullableQuantity)).isEmpty();
  }

  @Test
  void shouldRefuseWriterWhoseFieldHasNoReadableBranch() {
    assertThat(ReadCompatibility.problemReading(ClickEvent.getClassSchema(), userIdAs("[\"null\", \"int\"]")))
        .hasValueSatisfying(problem -> assertThat(problem).contains("/fields/1"));
    assertThat(ReadCompatibility.problemReading(ClickEvent.getClassSchema(), userIdAs("[\"null\"]"))).isPresent();
    assertThat(ReadCompatibility.problemReading(ClickEvent.getClassSchema(), userIdAs("\"null\""))).isPresent();
    assertThat(ReadCompatibility.problemReading(ClickEvent.getClassSchema(), userIdAs("\"int\""))).isPresent();
  }

  @Test
  void shouldRefuseWriterWithAnUnreadableBranchAndAnotherIncompatibility() {
    // Given: user_id nullable, and event_time a string
    Schema writer = new Schema.Parser().parse(SchemaEvolutionTest.nullableUserId(ClickEvent.getClassSchema()).toString()
        .replace("{\"name\":\"event_time\",\"type\":{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}",
            "{\"name\":\"event_time\",\"type\":\"string\""));
    assertThat(writer.getField("event_time").schema().getType()).isEqualTo(Schema.Type.STRING);

    // When / Then
    assertThat(ReadCompatibility.problemReading(ClickEvent.getClassSchema(), writer)).isPresent();
  }

  @Test
  void shouldRefuseNullableDecimalOfAnotherScale() {
    // Given: the branch the reader can take changes meaning (decimal(18,2) read as decimal(18,4))
    Schema writer = new Schema.Parser().parse(OrderEvent.getClassSchema().toString().replace(
        "{\"name\":\"total\",\"type\":{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":18,\"scale\":4}",
        "{\"name\":\"total\",\"type\":[\"null\",{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":18,\"scale\":2}]"));
    assertThat(writer.getField("total").schema().isNullable()).isTrue();

    // When / Then
    assertThat(ReadCompatibility.problemReading(OrderEvent.getClassSchema(), writer))
        .hasValueSatisfying(problem -> assertThat(problem).contains("LOGICAL_TYPE_MISMATCH"));
  }

  private static Schema userIdAs(String type) {
    Schema writer = new Schema.Parser().parse(ClickEvent.getClassSchema().toString().replaceFirst(
        "\\{\"name\":\"user_id\",\"type\":\\{\"type\":\"string\",\"avro.java.string\":\"String\"\\}",
        "{\"name\":\"user_id\",\"type\":" + type));
    assertThat(writer.getField("user_id").schema().getType()).isNotEqualTo(Schema.Type.STRING);
    return writer;
  }
}
