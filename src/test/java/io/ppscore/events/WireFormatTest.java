package io.ppscore.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class WireFormatTest {

  @Test
  void shouldWriteMagicByteThenBigEndianSchemaIdThenBody() {
    // Given
    byte[] body = {10, 20, 30};

    // When
    byte[] frame = WireFormat.frame(0x01020304, body);

    // Then
    assertThat(frame).containsExactly(0x00, 0x01, 0x02, 0x03, 0x04, 10, 20, 30);
  }

  @Test
  void shouldParseSchemaIdAndBodyOfFrame() {
    // Given
    byte[] bytes = {0x00, 0x01, 0x02, 0x03, 0x04, 10, 20, 30};

    // When
    WireFormat.Frame frame = WireFormat.parse(bytes);

    // Then
    assertThat(frame.schemaId()).isEqualTo(0x01020304);
    assertThat(frame.bodyOffset()).isEqualTo(5);
    assertThat(frame.bodyLength()).isEqualTo(3);
    assertThat(frame.body()).isEqualTo(ByteBuffer.wrap(new byte[] {10, 20, 30}));
  }

  @Test
  void shouldParseFrameWithEmptyBody() {
    // Given
    byte[] bytes = WireFormat.frame(7, new byte[0]);

    // When
    WireFormat.Frame frame = WireFormat.parse(bytes);

    // Then
    assertThat(frame.schemaId()).isEqualTo(7);
    assertThat(frame.bodyLength()).isZero();
  }

  @ParameterizedTest
  @NullAndEmptySource
  void shouldRejectMissingBytesAsUndeserializable(byte[] bytes) {
    // When / Then
    assertThatExceptionOfType(WireFormatException.class)
        .isThrownBy(() -> WireFormat.parse(bytes))
        .satisfies(e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.UNDESERIALIZABLE));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4})
  void shouldRejectBytesShorterThanHeaderAsUndeserializable(int length) {
    // Given
    byte[] bytes = new byte[length];

    // When / Then
    assertThatExceptionOfType(WireFormatException.class)
        .isThrownBy(() -> WireFormat.parse(bytes))
        .withMessageContaining(length + " bytes")
        .satisfies(e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.UNDESERIALIZABLE));
  }

  @Test
  void shouldRejectNonZeroFirstByteAsWrongMagicByte() {
    // Given: what a plain JSON producer would send
    byte[] bytes = "{\"user_id\":\"u-1\"}".getBytes();

    // When / Then
    assertThatExceptionOfType(WireFormatException.class)
        .isThrownBy(() -> WireFormat.parse(bytes))
        .withMessageContaining("0x7b")
        .satisfies(e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.WRONG_MAGIC_BYTE));
  }

  @Test
  void shouldRefuseToFrameNegativeSchemaId() {
    // When / Then
    assertThatIllegalArgumentException().isThrownBy(() -> WireFormat.frame(-1, new byte[0]));
  }
}
