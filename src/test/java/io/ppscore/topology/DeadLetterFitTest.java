package io.ppscore.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.ppscore.events.DeadLetterReason;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DeadLetterFitTest {

  private static final int LIMIT = 10_000;

  private static Headers deadLetterHeaders(Headers original) {
    return DeadLetterHeaders.with(original, DeadLetterReason.OVERSIZED_FIELD, "record too large", "clicks", 3, 42L,
        1_000L, "test");
  }

  private static String header(Headers headers, String name) {
    return DeadLetterHeaders.read(headers, name);
  }

  @Test
  void shouldKeepKeyValueAndHeadersOfADeadLetterThatFits() {
    // Given a dead letter well under the limit
    byte[] key = "u1".getBytes(StandardCharsets.UTF_8);
    byte[] value = new byte[100];

    // When it is fitted
    DeadLetterFit fit = DeadLetterFit.of(key, value, deadLetterHeaders(new RecordHeaders()), LIMIT);

    // Then nothing is left out
    assertThat(fit.key()).isSameAs(key);
    assertThat(fit.value()).isSameAs(value);
    assertThat(header(fit.headers(), DeadLetterHeaders.VALUE_OMITTED_BYTES)).isNull();
  }

  @Test
  void shouldLeaveOutTheValueOfADeadLetterOverTheLimit() {
    // Given a value over the limit with a small key and an original header
    byte[] key = "u1".getBytes(StandardCharsets.UTF_8);
    Headers original = new RecordHeaders().add("trace", new byte[] {1, 2});

    // When it is fitted
    DeadLetterFit fit = DeadLetterFit.of(key, new byte[LIMIT], deadLetterHeaders(original), LIMIT);

    // Then the value is empty, its size in a header; key, original header and reason stay
    assertThat(fit.value()).isEmpty();
    assertThat(header(fit.headers(), DeadLetterHeaders.VALUE_OMITTED_BYTES)).isEqualTo("10000");
    assertThat(fit.key()).isEqualTo(key);
    assertThat(fit.headers().lastHeader("trace")).isNotNull();
    assertThat(header(fit.headers(), DeadLetterHeaders.REASON)).isEqualTo("OVERSIZED_FIELD");
    assertThat(header(fit.headers(), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("42");
  }

  @Test
  void shouldLeaveOutKeyAndOriginalHeadersTooWhenTheyAloneAreOverTheLimit() {
    // Given a key and an original header that together are over the limit
    Headers original = new RecordHeaders().add("big", new byte[LIMIT / 2]);

    // When it is fitted
    DeadLetterFit fit = DeadLetterFit.of(new byte[LIMIT / 2], new byte[10], deadLetterHeaders(original), LIMIT);

    // Then only ppscore's headers remain, with what was left out and its size
    assertThat(fit.key()).isNull();
    assertThat(fit.value()).isEmpty();
    assertThat(fit.headers().lastHeader("big")).isNull();
    assertThat(header(fit.headers(), DeadLetterHeaders.VALUE_OMITTED_BYTES)).isEqualTo("10");
    assertThat(header(fit.headers(), DeadLetterHeaders.KEY_OMITTED_BYTES)).isEqualTo("5000");
    assertThat(Long.parseLong(header(fit.headers(), DeadLetterHeaders.HEADERS_OMITTED_BYTES))).isGreaterThan(LIMIT / 2);
    assertThat(header(fit.headers(), DeadLetterHeaders.REASON)).isEqualTo("OVERSIZED_FIELD");
    assertThat(header(fit.headers(), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("clicks");
    assertThat(RecordSizeLimit.sizeOf(fit.key(), fit.value(), fit.headers())).isLessThanOrEqualTo(LIMIT);
  }
}
