package io.ppscore.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.ppscore.events.avro.ClickEvent;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import org.apache.avro.Schema;
import org.apache.avro.SystemLimitException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * A few bytes that claim a huge string, byte array or collection must be dead-lettered, not make Avro
 * allocate gigabytes: an {@link OutOfMemoryError} would kill the stream thread instead.
 */
class AvroLimitsTest {

  private static final Schema COLLECTIONS = new Schema.Parser().parse("""
      {"type": "record", "name": "Collections", "namespace": "io.ppscore.test", "fields": [
        {"name": "items", "type": {"type": "array", "items": "long"}},
        {"name": "tags", "type": {"type": "map", "values": "long"}}]}""");

  @Test
  void shouldInstallTheLimitsAsSystemProperties() {
    // When
    AvroLimits.install();

    // Then
    assertThat(System.getProperty(SystemLimitException.MAX_STRING_LENGTH_PROPERTY)).isEqualTo("1048576");
    assertThat(System.getProperty(SystemLimitException.MAX_BYTES_LENGTH_PROPERTY)).isEqualTo("1048576");
    assertThat(System.getProperty(SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY)).isEqualTo("100000");
  }

  @Test
  void shouldRouteTenBytePoisonFrameClaimingTwoGigabyteStringToUndeserializable() {
    // Given: magic byte, a registered ClickEvent id, then event_id claims 2^31 - 10 bytes
    byte[] poison = WireFormat.frame(7, zigZagVarint((1L << 31) - 10));
    AvroDeserializer<ClickEvent> clicks = new AvroDeserializer<>(ClickEvent.getClassSchema(), SpecificData.get(),
        new FixedIdRegistry(7, ClickEvent.getClassSchema()));
    assertThat(poison).hasSize(10);

    // When / Then
    assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
        assertThatExceptionOfType(AvroDecodingException.class)
            .isThrownBy(() -> clicks.deserialize("clicks", poison))
            .satisfies(e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.UNDESERIALIZABLE)));
  }

  @Test
  void shouldRouteStringLengthBeyondJavaArrayLimitToUndeserializable() {
    // Given: event_id claims 2^40 bytes, more than any Java array can hold
    byte[] poison = WireFormat.frame(7, zigZagVarint(1L << 40));
    AvroDeserializer<ClickEvent> clicks = new AvroDeserializer<>(ClickEvent.getClassSchema(), SpecificData.get(),
        new FixedIdRegistry(7, ClickEvent.getClassSchema()));

    // When / Then
    assertThatExceptionOfType(AvroDecodingException.class)
        .isThrownBy(() -> clicks.deserialize("clicks", poison))
        .satisfies(e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.UNDESERIALIZABLE));
  }

  @Test
  void shouldRouteHugeArrayItemCountToUndeserializable() {
    // Given: the array claims 2^30 items
    byte[] poison = WireFormat.frame(9, zigZagVarint(1L << 30));

    // When / Then
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertUndeserializable(poison));
  }

  @Test
  void shouldRouteHugeMapItemCountToUndeserializable() {
    // Given: an empty array, then the map claims 2^30 entries
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(0);
    body.writeBytes(zigZagVarint(1L << 30));
    byte[] poison = WireFormat.frame(9, body.toByteArray());

    // When / Then
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertUndeserializable(poison));
  }

  private static void assertUndeserializable(byte[] frame) {
    // A generic record behind the specific deserializer: only the exception matters here.
    AvroDeserializer<SpecificRecord> deserializer = new AvroDeserializer<>(COLLECTIONS, SpecificData.get(),
        new FixedIdRegistry(9, COLLECTIONS));
    assertThatExceptionOfType(AvroDecodingException.class)
        .isThrownBy(() -> deserializer.deserialize("collections", frame))
        .satisfies(e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.UNDESERIALIZABLE));
  }

  /** Avro's long encoding: zig-zag, then 7 bits per byte, low bits first. */
  static byte[] zigZagVarint(long value) {
    long n = (value << 1) ^ (value >> 63);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while ((n & ~0x7FL) != 0) {
      out.write((int) ((n & 0x7F) | 0x80));
      n >>>= 7;
    }
    out.write((int) n);
    return out.toByteArray();
  }
}
