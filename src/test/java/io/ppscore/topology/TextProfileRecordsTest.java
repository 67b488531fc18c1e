package io.ppscore.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.ppscore.events.AvroSerde;
import io.ppscore.events.InMemorySchemaRegistry;
import io.ppscore.events.SerdeOptions;
import io.ppscore.events.WireFormat;
import io.ppscore.features.TextProfiles;
import io.ppscore.state.avro.UserTextProfile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

class TextProfileRecordsTest {

  private static final String ENCODER = "all-minilm-l6-v2";
  private static final Instant AT = Instant.parse("2026-11-22T10:00:00Z");
  private static final String SUBJECT = "ppscore-user-text-profile-value";

  /** The store value's schema before the packed sums: what the changelogs of earlier builds hold. */
  private static final String ARRAY_SUMS_SCHEMA = """
      {"type": "record", "name": "UserTextProfile", "namespace": "io.ppscore.state.avro", "fields": [
        {"name": "encoder_id", "type": "string"},
        {"name": "bought_sum", "type": {"type": "array", "items": "double"}},
        {"name": "bought_weight", "type": "double"},
        {"name": "browsed_sum", "type": {"type": "array", "items": "double"}},
        {"name": "browsed_weight", "type": "double"},
        {"name": "updated_at", "type": {"type": "long", "logicalType": "timestamp-millis"}}
      ]}""";

  @Test
  void shouldRestoreExactlyTheSumsAndWeightsItStored() {
    // Given: sums with values a decimal round trip would not keep
    TextProfiles profiles = TextProfiles.empty(3);
    profiles.bought().add(new float[] {0.1f, -0.7f, 1e-30f}, 123.456);
    profiles.bought().add(new float[] {0.3f, 0.2f, -0.9f}, 0.01);
    profiles.browsed().add(new float[] {-0.5f, 0.5f, 0.25f}, 1.0);

    // When
    TextProfiles restored = TextProfileRecords.restore(TextProfileRecords.toRecord(profiles, ENCODER, AT), ENCODER, 3);

    // Then
    assertThat(restored.bought().sum()).containsExactly(profiles.bought().sum());
    assertThat(restored.bought().weight()).isEqualTo(profiles.bought().weight());
    assertThat(restored.browsed().sum()).containsExactly(profiles.browsed().sum());
    assertThat(restored.browsed().weight()).isEqualTo(1.0);
  }

  @Test
  void shouldWriteTheSumsPackedAndTheArraysEmpty() {
    // Given
    TextProfiles profiles = TextProfiles.empty(384);
    profiles.browsed().add(new float[384], 1.0);

    // When
    UserTextProfile record = TextProfileRecords.toRecord(profiles, ENCODER, AT);

    // Then: 8 bytes per dimension, nothing in the fields older builds wrote
    assertThat(record.getBoughtSumPacked().remaining()).isEqualTo(384 * Double.BYTES);
    assertThat(record.getBrowsedSumPacked().remaining()).isEqualTo(384 * Double.BYTES);
    assertThat(record.getBoughtSum()).isEmpty();
    assertThat(record.getBrowsedSum()).isEmpty();
  }

  @Test
  void shouldRestoreAValueAnEarlierBuildWroteWithArraySumsThroughTheStoreSerde() throws IOException {
    // Given: the earlier schema registered and a value written with it, then this build's schema registered
    InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    Schema old = new Schema.Parser().parse(ARRAY_SUMS_SCHEMA);
    int oldId = registry.register(SUBJECT, old);
    GenericRecord written = new GenericData.Record(old);
    written.put("encoder_id", ENCODER);
    written.put("bought_sum", List.of(12.5, -3.25));
    written.put("bought_weight", 50.0);
    written.put("browsed_sum", List.of(0.5, 0.75));
    written.put("browsed_weight", 2.0);
    written.put("updated_at", AT.toEpochMilli());
    AvroSerde<UserTextProfile> serde = AvroSerde.forSubject(SUBJECT, UserTextProfile.class, registry,
        SerdeOptions.autoRegistering());
    int newId = registry.register(SUBJECT, UserTextProfile.getClassSchema());

    // When
    UserTextProfile read = serde.deserializer().deserialize("changelog", WireFormat.frame(oldId, avroBinary(old, written)));
    TextProfiles restored = TextProfileRecords.restore(read, ENCODER, 2);

    // Then: the new schema is a compatible next version, and the old sums carry on
    assertThat(newId).isNotEqualTo(oldId);
    assertThat(restored.bought().sum()).containsExactly(12.5, -3.25);
    assertThat(restored.bought().weight()).isEqualTo(50.0);
    assertThat(restored.browsed().sum()).containsExactly(0.5, 0.75);
    assertThat(restored.browsed().weight()).isEqualTo(2.0);
  }

  @Test
  void shouldStartAfreshForAnotherEncoderAnotherDimensionOrAPackedSumOfPartialDoubles() {
    // Given
    TextProfiles profiles = TextProfiles.empty(2);
    profiles.bought().add(new float[] {1f, 2f}, 3.0);
    UserTextProfile stored = TextProfileRecords.toRecord(profiles, ENCODER, AT);
    UserTextProfile torn = UserTextProfile.newBuilder(stored).setBoughtSumPacked(ByteBuffer.wrap(new byte[15])).build();

    // When / Then
    assertThat(TextProfileRecords.restore(stored, "bge-small-zh-v1.5", 2).bought().isEmpty()).isTrue();
    assertThat(TextProfileRecords.restore(stored, ENCODER, 3).bought().isEmpty()).isTrue();
    assertThat(TextProfileRecords.restore(torn, ENCODER, 2).bought().isEmpty()).isTrue();
    assertThat(TextProfileRecords.restore(stored, ENCODER, 2).bought().isEmpty()).isFalse();
    assertThat(TextProfileRecords.restore(null, ENCODER, 2).browsed().isEmpty()).isTrue();
  }

  private static byte[] avroBinary(Schema schema, GenericRecord record) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
