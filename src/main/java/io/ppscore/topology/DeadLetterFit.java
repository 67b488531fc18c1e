package io.ppscore.topology;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A dead letter cut down to fit {@link RecordSizeLimit}: a record the producer refuses as too large would fail
 * the task instead of landing. Over the limit the original value is left out (an empty value, its size in
 * {@link DeadLetterHeaders#VALUE_OMITTED_BYTES}); if the key and the original headers alone are still over it,
 * they are left out too (sizes in {@link DeadLetterHeaders#KEY_OMITTED_BYTES} and
 * {@link DeadLetterHeaders#HEADERS_OMITTED_BYTES}), so the reason and the source coordinates always land. The
 * original stays in its topic until that topic's retention.
 */
record DeadLetterFit(byte[] key, byte[] value, Headers headers) {

  private static final byte[] EMPTY = new byte[0];

  /** {@code key}, {@code value} and {@code headers} (the dead-letter headers included), cut down to {@code maxBytes}. */
  static DeadLetterFit of(byte[] key, byte[] value, Headers headers, int maxBytes) {
    if (RecordSizeLimit.sizeOf(key, value, headers) <= maxBytes) {
      return new DeadLetterFit(key, value, headers);
    }
    Headers withoutValue = new RecordHeaders(headers.toArray());
    put(withoutValue, DeadLetterHeaders.VALUE_OMITTED_BYTES, value == null ? 0 : value.length);
    if (RecordSizeLimit.sizeOf(key, EMPTY, withoutValue) <= maxBytes) {
      return new DeadLetterFit(key, EMPTY, withoutValue);
    }
    Headers ours = new RecordHeaders();
    long original = 0;
    for (Header h : headers) {
      if (DeadLetterHeaders.OWN.contains(h.key())) {
        ours.add(h);
      } else {
        original += RecordSizeLimit.sizeOf(h);
      }
    }
    put(ours, DeadLetterHeaders.VALUE_OMITTED_BYTES, value == null ? 0 : value.length);
    put(ours, DeadLetterHeaders.KEY_OMITTED_BYTES, key == null ? 0 : key.length);
    put(ours, DeadLetterHeaders.HEADERS_OMITTED_BYTES, original);
    return new DeadLetterFit(null, EMPTY, ours);
  }

  private static void put(Headers headers, String name, long value) {
    headers.remove(name);
    headers.add(name, Long.toString(value).getBytes(StandardCharsets.UTF_8));
  }
}
