package io.ppscore.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ppscore.config.AppConfig;
import io.ppscore.embedded.EmbeddedSchemaRegistry;
import io.ppscore.events.avro.ClickEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerializerTest {

  private static final int ID_WITH_FOUR_DISTINCT_BYTES = 0x01020304;

  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

  @Test
  void shouldWriteZeroMagicByteBigEndianIdAndExactAvroBinary() throws IOException {
    // Given
    ClickEvent click = SampleEvents.click();
    SchemaRegistry fixed = new FixedIdRegistry(ID_WITH_FOUR_DISTINCT_BYTES, ClickEvent.getClassSchema());
    AvroSerde<ClickEvent> serde = AvroSerde.forValues(ClickEvent.class, fixed, SerdeOptions.autoRegistering());

    // When
    byte[] bytes = serde.serializer().serialize("clicks", click);

    // Then
    assertThat(bytes[0]).isEqualTo((byte) 0x00);
    assertThat(Arrays.copyOfRange(bytes, 1, 5)).containsExactly(0x01, 0x02, 0x03, 0x04);
    assertThat(Arrays.copyOfRange(bytes, 5, bytes.length)).isEqualTo(avroBinaryOf(click));
  }

  @Test
  void shouldRegisterWriterSchemaUnderTopicValueSubject() {
    // Given
    AvroSerde<ClickEvent> serde = AvroSerde.forValues(ClickEvent.class, registry, SerdeOptions.autoRegistering());

    // When
    byte[] bytes = serde.serializer().serialize("clicks", SampleEvents.click());

    // Then
    RegisteredSchema registered = registry.latest("clicks-value");
    assertThat(registered.schema()).isEqualTo(plainAvsc("events/ClickEvent.avsc"));
    assertThat(WireFormat.parse(bytes).schemaId()).isEqualTo(registered.id());
  }

  @Test
  void shouldLookUpGeneratedClassSchemaInRegistryHoldingThePlainAvsc() {
    try (EmbeddedSchemaRegistry server = EmbeddedSchemaRegistry.start(0)) {
      // Given: CI registered the .avsc; the generated class's schema has "avro.java.string" on every string
      HttpSchemaRegistryClient client = HttpSchemaRegistryClient.builder(server.url()).build();
      int id = client.register("clicks-value", plainAvsc("events/ClickEvent.avsc"));
      AvroSerde<ClickEvent> serde = AvroSerde.forValues(ClickEvent.class, client, SerdeOptions.lookupOnly());

      // When
      byte[] bytes = serde.serializer().serialize("clicks", SampleEvents.click());

      // Then
      assertThat(WireFormat.parse(bytes).schemaId()).isEqualTo(id);
    }
  }

  @Test
  void shouldNotAddVersionWhenAutoRegisteringOverThePlainAvsc() {
    // Given
    int id = registry.register("clicks-value", plainAvsc("events/ClickEvent.avsc"));
    AvroSerde<ClickEvent> serde = AvroSerde.forValues(ClickEvent.class, registry, SerdeOptions.autoRegistering());

    // When
    byte[] bytes = serde.serializer().serialize("clicks", SampleEvents.click());

    // Then
    assertThat(registry.versions("clicks-value")).containsExactly(1);
    assertThat(WireFormat.parse(bytes).schemaId()).isEqualTo(id);
  }

  @Test
  void shouldStillFindSchemaRegisteredWithJavaPropertiesByEarlierVersions() {
    // Given: an earlier ppscore registered the generated schema as it was, Java-only properties included
    int id = registry.register("clicks-value", ClickEvent.getClassSchema());
    AvroSerde<ClickEvent> serde = AvroSerde.forValues(ClickEvent.class, registry, SerdeOptions.lookupOnly());

    // When
    byte[] bytes = serde.serializer().serialize("clicks", SampleEvents.click());

    // Then
    assertThat(WireFormat.parse(bytes).schemaId()).isEqualTo(id);
  }

  /** A schema file of {@code schemas/} as CI would register it. */
  private static org.apache.avro.Schema plainAvsc(String path) {
    try {
      return new org.apache.avro.Schema.Parser().parse(java.nio.file.Path.of("schemas", path).toFile());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void shouldRegisterUnderTopicKeySubjectForKeySerde() {
    // Given
    AvroSerde<ClickEvent> serde = AvroSerde.forKeys(ClickEvent.class, registry, SerdeOptions.autoRegistering());

    // When
    serde.serializer().serialize("clicks", SampleEvents.click());

    // Then
    assertThat(registry.subjects()).containsExactly("clicks-key");
  }

  @Test
  void shouldRegisterUnderFixedSubjectWhateverTheTopic() {
    // Given
    AvroSerde<ClickEvent> serde =
        AvroSerde.forSubject("ppscore-click-store-value", ClickEvent.class, registry, SerdeOptions.autoRegistering());

    // When
    serde.serializer().serialize("ppscore-some-store-changelog", SampleEvents.click());
    serde.serializer().serialize(null, SampleEvents.click());

    // Then
    assertThat(registry.subjects()).containsExactly("ppscore-click-store-value");
  }

  @Test
  void shouldAskRegistryOnlyOncePerSubject() {
    // Given
    CountingRegistry counting = new CountingRegistry(registry);
    AvroSerde<ClickEvent> serde = AvroSerde.forValues(ClickEvent.class, counting, SerdeOptions.autoRegistering());

    // When
    for (int i = 0; i < 5; i++) {
      serde.serializer().serialize("clicks", SampleEvents.click());
    }

    // Then
    assertThat(counting.calls()).isEqualTo(1);
  }

  @Test
  void shouldUseIdOfPreRegisteredSchemaWhenOnlyLookingUp() {
    // Given
    int id = registry.register("clicks-value", ClickEvent.getClassSchema());
    AvroSerde<ClickEvent> serde = AvroSerde.forValues(ClickEvent.class, registry, SerdeOptions.lookupOnly());

    // When
    byte[] bytes = serde.serializer().serialize("clicks", SampleEvents.click());

    // Then
    assertThat(WireFormat.parse(bytes).schemaId()).isEqualTo(id);
  }

  @Test
  void shouldFailClearlyWhenSchemaIsNotRegisteredAndAutoRegisterIsOff() {
    // Given
    AvroSerde<ClickEvent> serde = AvroSerde.forValues(ClickEvent.class, registry, SerdeOptions.lookupOnly());

    // When / Then
    assertThatExceptionOfType(SerializationException.class)
        .isThrownBy(() -> serde.serializer().serialize("clicks", SampleEvents.click()))
        .withMessageContaining("clicks-value")
        .withMessageContaining("auto-registration is off");
  }

  @Test
  void shouldLetRegistryOutageThroughAsRetriable() {
    // Given
    AvroSerde<ClickEvent> serde = AvroSerde.forValues(ClickEvent.class, new UnreachableRegistry(), SerdeOptions.autoRegistering());

    // When / Then
    assertThatExceptionOfType(SchemaRegistryUnavailableException.class)
        .isThrownBy(() -> serde.serializer().serialize("clicks", SampleEvents.click()));
  }

  @Test
  void shouldWriteExactBytesAfterAWriteThatFailedHalfwayOnTheSameThread() throws IOException {
    // Given: a record whose write fails after its first fields were encoded
    AvroSerde<ClickEvent> serde = AvroSerde.forValues(ClickEvent.class, registry, SerdeOptions.autoRegistering());
    ClickEvent broken = ClickEvent.newBuilder(SampleEvents.click()).build();
    broken.setType(null);
    assertThatThrownBy(() -> serde.serializer().serialize("clicks", broken)).isInstanceOf(RuntimeException.class);

    // When
    byte[] bytes = serde.serializer().serialize("clicks", SampleEvents.click());

    // Then: nothing of the failed record leaks into the next frame
    assertThat(bytes[0]).isEqualTo((byte) 0x00);
    assertThat(Arrays.copyOfRange(bytes, 5, bytes.length)).isEqualTo(avroBinaryOf(SampleEvents.click()));
  }

  @Test
  void shouldWriteARecordLargerThanTheKeptBufferAndTheNextRecordExactly() throws IOException {
    // Given
    AvroSerde<ClickEvent> serde = AvroSerde.forValues(ClickEvent.class, registry, SerdeOptions.autoRegistering());
    ClickEvent large = ClickEvent.newBuilder(SampleEvents.click()).setSearchText("x".repeat(200_000)).build();

    // When
    byte[] largeBytes = serde.serializer().serialize("clicks", large);
    byte[] smallBytes = serde.serializer().serialize("clicks", SampleEvents.click());

    // Then
    assertThat(Arrays.copyOfRange(largeBytes, 5, largeBytes.length)).isEqualTo(avroBinaryOf(large));
    assertThat(Arrays.copyOfRange(smallBytes, 5, smallBytes.length)).isEqualTo(avroBinaryOf(SampleEvents.click()));
  }

  @Test
  void shouldSerializeNullAsNullForTombstones() {
    // Given
    AvroSerde<ClickEvent> serde = AvroSerde.forValues(ClickEvent.class, registry, SerdeOptions.autoRegistering());

    // When / Then
    assertThat(serde.serializer().serialize("clicks", null)).isNull();
    assertThat(registry.subjects()).isEmpty();
  }

  @Test
  void shouldRejectAutoRegisterCombinedWithUseLatestNamingBothKeys() {
    // When / Then
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new SerdeOptions(true, true))
        .withMessageContaining(AppConfig.SCHEMA_REGISTRY_USE_LATEST_CONFIG)
        .withMessageContaining(AppConfig.SCHEMA_REGISTRY_AUTO_REGISTER_CONFIG);
  }

  private static byte[] avroBinaryOf(ClickEvent click) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<>(ClickEvent.class).write(click, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
