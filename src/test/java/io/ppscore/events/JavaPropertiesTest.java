package io.ppscore.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.ppscore.events.avro.OrderEvent;
import io.ppscore.output.avro.UserScore;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class JavaPropertiesTest {

  private static Schema parse(String json) {
    return new Schema.Parser().parse(json);
  }

  @Test
  void shouldMakeGeneratedSchemasEqualToTheAvscTheyWereGeneratedFrom() throws IOException {
    assertThat(JavaProperties.strip(OrderEvent.getClassSchema()))
        .isEqualTo(new Schema.Parser().parse(Path.of("schemas/events/OrderEvent.avsc").toFile()));
    assertThat(JavaProperties.strip(UserScore.getClassSchema()))
        .isEqualTo(new Schema.Parser().parse(Path.of("schemas/output/UserScore.avsc").toFile()));
    assertThat(OrderEvent.getClassSchema().toString()).contains("avro.java.string");
  }

  @Test
  void shouldRemoveJavaPropertiesInUnionsArraysMapsAndFieldsButKeepOthers() {
    // Given
    Schema withJava = parse("{\"type\":\"record\",\"name\":\"R\",\"java-class\":\"x.R\",\"fields\":["
        + "{\"name\":\"a\",\"type\":[\"null\",{\"type\":\"string\",\"avro.java.string\":\"String\"}],\"default\":null},"
        + "{\"name\":\"b\",\"type\":{\"type\":\"array\",\"items\":{\"type\":\"string\",\"avro.java.string\":\"String\"},"
        + "\"java-element-class\":\"java.util.List\"}},"
        + "{\"name\":\"c\",\"type\":{\"type\":\"map\",\"values\":\"long\",\"java-key-class\":\"x.K\",\"avro.java.string\":\"String\"}},"
        + "{\"name\":\"d\",\"type\":{\"type\":\"string\",\"x-owner\":\"team\"},\"java-class\":\"x.D\"}]}");
    Schema expected = parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":["
        + "{\"name\":\"a\",\"type\":[\"null\",\"string\"],\"default\":null},"
        + "{\"name\":\"b\",\"type\":{\"type\":\"array\",\"items\":\"string\"}},"
        + "{\"name\":\"c\",\"type\":{\"type\":\"map\",\"values\":\"long\"}},"
        + "{\"name\":\"d\",\"type\":{\"type\":\"string\",\"x-owner\":\"team\"}}]}");

    // When
    Schema stripped = JavaProperties.strip(withJava);

    // Then
    assertThat(stripped).isEqualTo(expected);
    assertThat(stripped.toString()).doesNotContain("java");
  }

  @Test
  void shouldLeaveDefaultValuesThatLookLikePropertiesAlone() {
    // Given: a map default with a key named like a Java property
    Schema schema = parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"m\",\"type\":{\"type\":\"map\","
        + "\"values\":\"string\"},\"default\":{\"avro.java.string\":\"kept\",\"java-class\":\"kept\"}}]}");

    // When / Then
    assertThat(JavaProperties.strip(schema)).isSameAs(schema);
  }
}
