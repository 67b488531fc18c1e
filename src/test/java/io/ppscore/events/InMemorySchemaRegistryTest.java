package io.ppscore.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.ppscore.events.avro.CartEvent;
import io.ppscore.events.avro.ClickEvent;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

class InMemorySchemaRegistryTest {

  private static final Schema V1 = SchemaBuilder.record("Thing").namespace("test").fields()
      .requiredString("id").endRecord();
  private static final Schema V2_OPTIONAL_FIELD = SchemaBuilder.record("Thing").namespace("test").fields()
      .requiredString("id").optionalString("note").endRecord();
  private static final Schema V2_REQUIRED_FIELD = SchemaBuilder.record("Thing").namespace("test").fields()
      .requiredString("id").requiredLong("count").endRecord();

  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

  @Test
  void shouldReturnSameIdWhenSameSchemaIsRegisteredAgain() {
    // Given
    int first = registry.register("things-value", V1);

    // When
    int second = registry.register("things-value", new Schema.Parser().parse(V1.toString()));

    // Then
    assertThat(second).isEqualTo(first).isEqualTo(1);
    assertThat(registry.versions("things-value")).containsExactly(1);
  }

  @Test
  void shouldGiveIdenticalSchemaTheSameGlobalIdInEverySubject() {
    // Given
    int inClicks = registry.register("clicks-value", ClickEvent.getClassSchema());

    // When
    int inReplay = registry.register("clicks-replay-value", ClickEvent.getClassSchema());
    int cart = registry.register("carts-value", CartEvent.getClassSchema());

    // Then
    assertThat(inReplay).isEqualTo(inClicks);
    assertThat(cart).isEqualTo(inClicks + 1);
  }

  @Test
  void shouldNumberVersionsPerSubjectAndAnswerLatest() {
    // Given
    registry.register("things-value", V1);

    // When
    int id = registry.register("things-value", V2_OPTIONAL_FIELD);

    // Then
    assertThat(registry.latest("things-value")).isEqualTo(new RegisteredSchema("things-value", id, 2, V2_OPTIONAL_FIELD));
    assertThat(registry.version("things-value", 1).schema()).isEqualTo(V1);
    assertThat(registry.lookup("things-value", V1).version()).isEqualTo(1);
  }

  @Test
  void shouldRejectNewRequiredFieldWithoutDefaultAsIncompatible() {
    // Given
    registry.register("things-value", V1);

    // When / Then
    assertThatExceptionOfType(IncompatibleSchemaException.class)
        .isThrownBy(() -> registry.register("things-value", V2_REQUIRED_FIELD))
        .withMessageContaining("count")
        .satisfies(e -> assertThat(e.httpStatus()).isEqualTo(409));
    assertThat(registry.versions("things-value")).containsExactly(1);
  }

  @Test
  void shouldAcceptAnyFirstVersionOfSubject() {
    // When
    int id = registry.register("other-value", V2_REQUIRED_FIELD);

    // Then
    assertThat(registry.schemaById(id)).isEqualTo(V2_REQUIRED_FIELD);
  }

  @Test
  void shouldThrowUnknownSchemaIdExceptionForUnusedId() {
    // When / Then
    assertThatExceptionOfType(UnknownSchemaIdException.class)
        .isThrownBy(() -> registry.schemaById(1))
        .satisfies(e -> assertThat(e.errorCode()).isEqualTo(40403));
  }

  @Test
  void shouldDistinguishUnknownSubjectFromUnregisteredSchemaOnLookup() {
    // Given
    registry.register("things-value", V1);

    // When / Then
    assertThatExceptionOfType(SchemaNotFoundException.class)
        .isThrownBy(() -> registry.lookupId("nothing-value", V1))
        .satisfies(e -> assertThat(e.errorCode()).isEqualTo(40401));
    assertThatExceptionOfType(SchemaNotFoundException.class)
        .isThrownBy(() -> registry.lookupId("things-value", V2_OPTIONAL_FIELD))
        .satisfies(e -> assertThat(e.errorCode()).isEqualTo(40403));
  }

  @Test
  void shouldThrowVersionNotFoundForMissingVersion() {
    // Given
    registry.register("things-value", V1);

    // When / Then
    assertThatExceptionOfType(SchemaNotFoundException.class)
        .isThrownBy(() -> registry.version("things-value", 2))
        .satisfies(e -> assertThat(e.errorCode()).isEqualTo(40402));
  }
}
