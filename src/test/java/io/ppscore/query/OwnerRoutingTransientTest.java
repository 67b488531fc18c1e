package io.ppscore.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpTimeoutException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/** Which failures of a state read the API answers with 503 (retry) rather than 500 (a bug or a bad value). */
class OwnerRoutingTransientTest {

  @Test
  void shouldTreatARegistryCallsIoFailureUnderASerializerAsTransient() {
    assertThat(OwnerRouting.isTransient(new SerializationException("reading the schema",
        new HttpTimeoutException("request timed out")))).isTrue();
  }

  @Test
  void shouldTreatARetriableKafkaExceptionAsTransient() {
    assertThat(OwnerRouting.isTransient(new IllegalStateException(new TimeoutException("store busy")))).isTrue();
  }

  @Test
  void shouldNotTreatTheApisOwnJsonWritingFailureAsTransient() {
    // an I/O exception with no Kafka exception above it: a body Jackson cannot write, a bug to see as a 500
    assertThat(OwnerRouting.isTransient(new UncheckedIOException(new IOException("no serializer found")))).isFalse();
  }

  @Test
  void shouldNotTreatAValueThatCannotBeDecodedAsTransient() {
    assertThat(OwnerRouting.isTransient(new SerializationException("unknown magic byte"))).isFalse();
  }
}
