package io.ppscore.events;

import java.nio.ByteBuffer;

/**
 * The Confluent wire format: byte 0 is the magic byte {@code 0}, bytes 1-4 the schema id (big-endian
 * signed int), then the Avro binary encoding of the record, with no length prefix or trailer.
 */
public final class WireFormat {

  /** The only magic byte this format has ever had. */
  public static final byte MAGIC_BYTE = 0;
  /** Magic byte plus schema id: where the Avro body starts. */
  public static final int HEADER_LENGTH = 1 + Integer.BYTES;

  private WireFormat() {}

  /** The frame of {@code avroBody} written with schema {@code schemaId}. */
  public static byte[] frame(int schemaId, byte[] avroBody) {
    return ByteBuffer.allocate(HEADER_LENGTH + avroBody.length)
        .put(header(schemaId))
        .put(avroBody)
        .array();
  }

  /** The {@value #HEADER_LENGTH} bytes a frame of schema {@code schemaId} starts with. */
  public static byte[] header(int schemaId) {
    if (schemaId < 0) {
      throw new IllegalArgumentException("schema id must not be negative, was " + schemaId);
    }
    return ByteBuffer.allocate(HEADER_LENGTH).put(MAGIC_BYTE).putInt(schemaId).array();
  }

  /**
   * The schema id and body of a frame; the body is not copied.
   *
   * @throws WireFormatException if {@code bytes} is null, shorter than the header, or has a wrong magic byte
   */
  public static Frame parse(byte[] bytes) {
    if (bytes == null || bytes.length < HEADER_LENGTH) {
      String length = bytes == null ? "null" : bytes.length + " bytes";
      throw new WireFormatException(DeadLetterReason.UNDESERIALIZABLE,
          "Value is " + length + ": too short for the Confluent wire format (magic byte, 4-byte schema id, Avro body)");
    }
    if (bytes[0] != MAGIC_BYTE) {
      throw new WireFormatException(DeadLetterReason.WRONG_MAGIC_BYTE,
          String.format("First byte is 0x%02x, not the Confluent wire-format magic byte 0x00", bytes[0]));
    }
    return new Frame(ByteBuffer.wrap(bytes, 1, Integer.BYTES).getInt(), bytes);
  }

  /** A parsed frame: the schema id and a view of the Avro body inside the original array. */
  public static final class Frame {
    private final int schemaId;
    private final byte[] bytes;

    private Frame(int schemaId, byte[] bytes) {
      this.schemaId = schemaId;
      this.bytes = bytes;
    }

    /** The registry id of the writer schema. */
    public int schemaId() {
      return schemaId;
    }

    /** The whole frame, as given to {@link #parse}. */
    public byte[] bytes() {
      return bytes;
    }

    /** Where the Avro body starts in {@link #bytes()}. */
    public int bodyOffset() {
      return HEADER_LENGTH;
    }

    /** Length of the Avro body. */
    public int bodyLength() {
      return bytes.length - HEADER_LENGTH;
    }

    /** A read-only view of the Avro body. */
    public ByteBuffer body() {
      return ByteBuffer.wrap(bytes, HEADER_LENGTH, bodyLength()).slice().asReadOnlyBuffer();
    }
  }
}
