package io.ppscore.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.ppscore.events.avro.CartEvent;
import io.ppscore.events.avro.ClickEvent;
import io.ppscore.events.avro.OrderEvent;
import io.ppscore.events.avro.UserErasureRequest;
import io.ppscore.output.avro.RiskFlag;
import io.ppscore.output.avro.UserScore;
import io.ppscore.state.avro.ScoringDirtyUser;
import io.ppscore.state.avro.UserEvent;
import io.ppscore.state.avro.UserProfile;
import io.ppscore.state.avro.UserRiskState;
import io.ppscore.state.avro.UserTextProfile;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Avro skips the fields only a writer has without any limit, so a writer schema must make the work of
 * decoding a record proportional to its bytes.
 */
class DecodingBoundsTest {

  @Test
  void shouldAcceptEverySchemaOfTheProject() {
    Stream.of(ClickEvent.getClassSchema(), CartEvent.getClassSchema(), OrderEvent.getClassSchema(),
            UserErasureRequest.getClassSchema(), UserEvent.getClassSchema(), UserProfile.getClassSchema(),
            UserRiskState.getClassSchema(), UserTextProfile.getClassSchema(), ScoringDirtyUser.getClassSchema(),
            UserScore.getClassSchema(), RiskFlag.getClassSchema())
        .forEach(schema -> assertThat(DecodingBounds.problem(schema)).as(schema.getFullName()).isEmpty());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"type\": \"array\", \"items\": \"null\"}",
      "{\"type\": \"array\", \"items\": {\"type\": \"record\", \"name\": \"Empty\", \"fields\": []}}",
      "{\"type\": \"array\", \"items\": {\"type\": \"fixed\", \"name\": \"Nothing\", \"size\": 0}}",
      "{\"type\": \"array\", \"items\": {\"type\": \"record\", \"name\": \"Nulls\", \"fields\": ["
          + "{\"name\": \"a\", \"type\": \"null\"}, {\"name\": \"b\", \"type\": \"null\"}]}}",
      "{\"type\": \"map\", \"values\": {\"type\": \"array\", \"items\": \"null\"}}"})
  void shouldRefuseCollectionsOfItemsThatTakeNoBytes(String junk) {
    // Given: a writer-only field the reader skips
    Schema writer = withField("junk", junk);

    // When / Then
    assertThat(DecodingBounds.problem(writer)).hasValueSatisfying(problem -> assertThat(problem)
        .contains("UNBOUNDED_DECODING").contains("/junk").contains("0 bytes"));
  }

  @Test
  void shouldRefuseItemsThatTakeFarMoreValuesThanBytes() {
    // Given: each item takes one byte (the boolean) but 41 values to decode
    StringBuilder fields = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      fields.append("{\"name\": \"n").append(i).append("\", \"type\": \"null\"}, ");
    }
    Schema writer = withField("junk", "{\"type\": \"array\", \"items\": {\"type\": \"record\", \"name\": \"Wide\","
        + " \"fields\": [" + fields + "{\"name\": \"b\", \"type\": \"boolean\"}]}}");

    // When / Then
    assertThat(DecodingBounds.problem(writer)).hasValueSatisfying(problem -> assertThat(problem)
        .contains("/junk/[]").contains("1 bytes"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"type\": \"array\", \"items\": \"int\"}",
      "{\"type\": \"array\", \"items\": [\"null\", \"string\"]}",
      "{\"type\": \"map\", \"values\": \"null\"}",
      "{\"type\": \"array\", \"items\": {\"type\": \"array\", \"items\": \"long\"}}"})
  void shouldAcceptCollectionsWhoseItemsTakeAtLeastAByte(String junk) {
    assertThat(DecodingBounds.problem(withField("junk", junk))).isEmpty();
  }

  @Test
  void shouldRefuseRecursiveTypes() {
    // Given: a linked list; each level costs one byte of input and several stack frames to decode
    Schema writer = withField("junk", "[\"null\", {\"type\": \"record\", \"name\": \"Node\", \"fields\": ["
        + "{\"name\": \"next\", \"type\": [\"null\", \"Node\"]}]}]");

    // When / Then
    assertThat(DecodingBounds.problem(writer)).hasValueSatisfying(problem -> assertThat(problem)
        .contains("/junk/next").contains("Node contains itself"));
  }

  @Test
  void shouldRefuseNestingDeeperThanTheLimit() {
    // Given: 40 arrays in one another
    String junk = "\"int\"";
    for (int i = 0; i < 40; i++) {
      junk = "{\"type\": \"array\", \"items\": " + junk + "}";
    }

    // When / Then
    assertThat(DecodingBounds.problem(withField("junk", junk))).hasValueSatisfying(problem -> assertThat(problem)
        .contains("nested more than " + DecodingBounds.MAX_DEPTH + " levels"));
  }

  @Test
  void shouldRefuseNestingBuiltFromRecordTypesUsedAgainDeeper() {
    // Given: A1..A30 nested in one another, then B1..B30 where B1 holds A30: 60 levels, though each
    // record type is defined (and its cost worked out) only once
    String a = "\"int\"";
    for (int i = 1; i <= 30; i++) {
      a = "{\"type\": \"record\", \"name\": \"A" + i + "\", \"fields\": [{\"name\": \"x\", \"type\": " + a + "}]}";
    }
    String b = "\"A30\"";
    for (int i = 1; i <= 30; i++) {
      b = "{\"type\": \"record\", \"name\": \"B" + i + "\", \"fields\": [{\"name\": \"x\", \"type\": " + b + "}]}";
    }
    Schema onlyA = withField("a", a);
    Schema both = withFields("{\"name\": \"a\", \"type\": " + a + "}, {\"name\": \"b\", \"type\": " + b + "}");

    // When / Then
    assertThat(DecodingBounds.problem(onlyA)).isEmpty();
    assertThat(DecodingBounds.problem(both)).hasValueSatisfying(problem -> assertThat(problem)
        .contains("/b/x").contains("nested more than " + DecodingBounds.MAX_DEPTH + " levels"));
  }

  @Test
  void shouldRefuseDeepNestingInAUnionOfChainsOfRecordTypes() {
    // Given: the optional field of the review: ["null", C1, C2], each chain 30 records deep, the innermost
    // record of C2 holding C1's outermost
    StringBuilder union = new StringBuilder("[\"null\"");
    String inner = "\"int\"";
    for (int chain = 1; chain <= 2; chain++) {
      for (int i = 1; i <= 30; i++) {
        inner = "{\"type\": \"record\", \"name\": \"C" + chain + "_" + i + "\", \"fields\": [{\"name\": \"x\","
            + " \"type\": " + inner + "}]}";
      }
      union.append(", ").append(inner);
      inner = "\"C" + chain + "_30\"";
    }

    // When / Then
    assertThat(DecodingBounds.problem(withField("deep", union + "]"))).hasValueSatisfying(problem -> assertThat(problem)
        .contains("/deep").contains("nested more than " + DecodingBounds.MAX_DEPTH + " levels"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      // Kafka Connect's AvroData writes an optional struct item as ["null", record]
      "{\"type\": \"array\", \"items\": [\"null\", " + "RECORD_OF_16_STRINGS" + "]}",
      "{\"type\": \"map\", \"values\": [\"null\", " + "RECORD_OF_31_INTS" + "]}",
      "{\"type\": \"array\", \"items\": {\"type\": \"record\", \"name\": \"Line\", \"fields\": ["
          + "{\"name\": \"product_id\", \"type\": \"string\"}, {\"name\": \"quantity\", \"type\": \"int\"},"
          + " {\"name\": \"snapshot\", \"type\": [\"null\", " + "RECORD_OF_16_STRINGS" + "], \"default\": null}]}}"})
  void shouldAcceptItemsWithAnOptionalRecord(String junk) {
    // Given: the null branch takes the fewest bytes, the record branch the most values; no item takes more
    // than 16 values per byte
    String items = junk.replace("RECORD_OF_16_STRINGS", record("Snapshot", 16, "string"))
        .replace("RECORD_OF_31_INTS", record("Counts", 31, "int"));

    // When / Then
    assertThat(DecodingBounds.problem(withField("junk", items))).isEmpty();
  }

  @Test
  void shouldRefuseItemsWhoseWorstUnionBranchTakesFarMoreValuesThanBytes() {
    // Given: ["null", record of 20 nulls]: the record branch takes 22 values for its one byte, the branch index
    String items = "{\"type\": \"array\", \"items\": [\"null\", " + record("Nulls", 20, "null") + "]}";

    // When / Then
    assertThat(DecodingBounds.problem(withField("junk", items))).hasValueSatisfying(problem -> assertThat(problem)
        .contains("/junk/[]").contains("6 values more than the 16 per byte"));
  }

  @Test
  void shouldRefuseRecordsOfExponentiallyManyValues() {
    // Given: 20 levels of a record holding two of the next: 2^20 values, though the schema is short
    String junk = "{\"type\": \"record\", \"name\": \"L20\", \"fields\": [{\"name\": \"x\", \"type\": \"int\"}]}";
    for (int level = 19; level >= 0; level--) {
      junk = "{\"type\": \"record\", \"name\": \"L" + level + "\", \"fields\": [{\"name\": \"a\", \"type\": " + junk
          + "}, {\"name\": \"b\", \"type\": \"L" + (level + 1) + "\"}]}";
    }

    // When / Then
    assertThat(DecodingBounds.problem(withField("junk", junk))).hasValueSatisfying(problem -> assertThat(problem)
        .contains("more than " + DecodingBounds.MAX_VALUES + " values"));
  }

  /** ClickEvent with one more field, first, that only this writer has. */
  static Schema withField(String name, String type) {
    return withFields("{\"name\":\"" + name + "\",\"type\":" + type + "}");
  }

  /** ClickEvent with more fields, first, that only this writer has. */
  static Schema withFields(String fields) {
    String click = ClickEvent.getClassSchema().toString();
    return new Schema.Parser().parse(click.replaceFirst("\"fields\":\\[",
        "\"fields\":[" + java.util.regex.Matcher.quoteReplacement(fields) + ","));
  }

  /** A record named {@code name} of {@code fields} fields of {@code type}. */
  private static String record(String name, int fields, String type) {
    StringBuilder record = new StringBuilder("{\"type\": \"record\", \"name\": \"" + name + "\", \"fields\": [");
    for (int i = 0; i < fields; i++) {
      record.append(i == 0 ? "" : ", ").append("{\"name\": \"f").append(i).append("\", \"type\": \"").append(type).append("\"}");
    }
    return record.append("]}").toString();
  }
}
