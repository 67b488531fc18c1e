package io.ppscore.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.ppscore.events.SchemaRegistryUnavailableException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.junit.jupiter.api.Test;

class DeadLetterProcessingExceptionHandlerTest {

  @Test
  void shouldBlameTheRecordForDataErrorsOnly() {
    assertThat(DeadLetterProcessingExceptionHandler.isCausedByRecord(new ArithmeticException("long overflow"))).isTrue();
    assertThat(DeadLetterProcessingExceptionHandler.isCausedByRecord(new IllegalArgumentException("bad"))).isTrue();
    assertThat(DeadLetterProcessingExceptionHandler.isCausedByRecord(new NullPointerException())).isTrue();
  }

  @Test
  void shouldBlameTheRecordForAValueThatDoesNotFitItsSchemaButNotForARegistryFailureWhileSerializing() {
    // a risk flag's order value beyond decimal(18,4): every retry would fail alike
    assertThat(DeadLetterProcessingExceptionHandler.isCausedByRecord(new SerializationException("Cannot serialize",
        new org.apache.avro.AvroTypeException("Cannot encode decimal with precision 19 as max precision 18")))).isTrue();
    assertThat(DeadLetterProcessingExceptionHandler.isCausedByRecord(new SerializationException("Cannot serialize",
        new io.ppscore.events.SchemaRegistryUnavailableException("registry down", new java.net.ConnectException())))).isFalse();
    // a stored value that cannot be read back fails the task, even when Avro's type check is the cause
    assertThat(DeadLetterProcessingExceptionHandler.isCausedByRecord(new io.ppscore.events.AvroDecodingException(
        io.ppscore.events.DeadLetterReason.SCHEMA_MISMATCH, "stored value does not match its writer schema",
        new org.apache.avro.AvroTypeException("Found string, expecting long")))).isFalse();
  }

  @Test
  void shouldFailTheTaskOnInfrastructureErrorsSoGoodRecordsAreRetriedNotDeadLettered() {
    assertThat(DeadLetterProcessingExceptionHandler.isCausedByRecord(
        new SchemaRegistryUnavailableException("registry down", new java.net.ConnectException()))).isFalse();
    assertThat(DeadLetterProcessingExceptionHandler.isCausedByRecord(new ProcessorStateException("disk full"))).isFalse();
    assertThat(DeadLetterProcessingExceptionHandler.isCausedByRecord(
        new io.ppscore.events.SchemaRegistryException("401 from the registry: check the credentials", 401))).isFalse();
    assertThat(DeadLetterProcessingExceptionHandler.isCausedByRecord(new SerializationException("store value"))).isFalse();
    assertThat(DeadLetterProcessingExceptionHandler.isCausedByRecord(
        new UncheckedIOException(new java.io.IOException("io")))).isFalse();
    assertThat(DeadLetterProcessingExceptionHandler.isCausedByRecord(
        new IllegalStateException("wrapped", new ProcessorStateException("rocksdb")))).isFalse();
  }
}
