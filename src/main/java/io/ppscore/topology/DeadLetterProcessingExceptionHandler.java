package io.ppscore.topology;

import io.ppscore.config.AppVersion;
import io.ppscore.events.DeadLetterReason;
import io.ppscore.events.SchemaRegistryException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.avro.AvroTypeException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Safety net for exceptions no processor expected (Kafka Streams' processing exception handler,
 * KIP-1033). It tells a record's fault from the infrastructure's:
 * <ul>
 *   <li>an exception raised by the data itself (an arithmetic overflow, a null or malformed value reaching
 *       a code path that did not expect it) sends the record's source bytes to the dead-letter topic with
 *       reason {@code PROCESSING_ERROR} and processing goes on;</li>
 *   <li>anything from the infrastructure (any {@link KafkaException}: state store, serialization of a store
 *       value (unless the value itself does not fit its schema), registry outage, interruption; any {@link SchemaRegistryException}: wrong registry URL, bad
 *       credentials; any {@link IOException}; any {@link Error}) fails the task:
 *       the thread is replaced and the record retried from the last commit, so an outage or a bad
 *       credential never drains good records into the dead-letter topic.</li>
 * </ul>
 * Dead-letter records are built here rather than by Kafka's generic dead-letter support, so that only
 * the records this handler decides to skip are ever written, with ppscore's headers.
 */
public final class DeadLetterProcessingExceptionHandler implements ProcessingExceptionHandler {

  /** Streams property naming the dead-letter topic (set by the app from {@code topic.dead.letter}). */
  public static final String DEAD_LETTER_TOPIC_CONFIG = "ppscore.dead.letter.topic";
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProcessingExceptionHandler.class);

  private String deadLetterTopic;
  private int maxRecordBytes;

  @Override
  public void configure(Map<String, ?> configs) {
    Object topic = configs.get(DEAD_LETTER_TOPIC_CONFIG);
    if (topic == null || topic.toString().isBlank()) {
      throw new IllegalArgumentException(DEAD_LETTER_TOPIC_CONFIG + " must name the dead-letter topic");
    }
    this.deadLetterTopic = topic.toString();
    this.maxRecordBytes = RecordSizeLimit.maxRecordBytes(configs);
  }

  @Override
  public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    if (!isCausedByRecord(exception)) {
      LOG.error("Infrastructure failure while processing topic={} partition={} offset={}: failing the task so the "
          + "record is retried", context.topic(), context.partition(), context.offset(), exception);
      return Response.fail();
    }
    if (context.sourceRawKey() == null && context.sourceRawValue() == null && context.topic() == null) {
      // a punctuation (the scoring run) failed: there is no input record to dead-letter. Thrown by the run itself,
      // its remaining users stay in the dirty set and the next run retries them; thrown by a node downstream of
      // its forward (context.processorNodeId() names it), the forward returns normally and the run goes on as if
      // that record was handled. An empty dead letter would hide the failure either way.
      LOG.error("A scheduled run failed in task {} at node {} (no input record to dead-letter); skipping it: work the "
          + "run had not finished stays pending for its next run, but a record the run forwarded that failed "
          + "downstream is not sent again", context.taskId(), context.processorNodeId(), exception);
      return Response.resume();
    }
    LOG.warn("Sending record to the dead-letter topic: PROCESSING_ERROR ({}) topic={} partition={} offset={}",
        exception, context.topic(), context.partition(), context.offset(), exception);
    RecordHeaders headers = new RecordHeaders(context.headers().toArray());
    DeadLetterHeaders.with(headers, DeadLetterReason.PROCESSING_ERROR, String.valueOf(exception), context.topic(),
        context.partition(), context.offset(), context.timestamp(), AppVersion.get()).forEach(h -> {
          headers.remove(h.key());
          headers.add(h);
        });
    DeadLetterFit dead = DeadLetterFit.of(context.sourceRawKey(), context.sourceRawValue(), headers, maxRecordBytes);
    // stamped when written, the record's own timestamp in a header (see DeadLetterHeaders.SOURCE_TIMESTAMP)
    return Response.resume(List.of(new ProducerRecord<>(deadLetterTopic, null, System.currentTimeMillis(),
        dead.key(), dead.value(), dead.headers())));
  }

  /**
   * True only for exceptions that the data of one record raised, with no infrastructure cause. A
   * serialization failure is the infrastructure's, except one whose cause is a value being written that does
   * not fit its Avro schema ({@link AvroTypeException}, such as an amount beyond a {@code decimal(18,4)}): the
   * same record would fail the same way on every retry, stopping its partition for good. A stored value that
   * cannot be read is the infrastructure's, whatever the cause.
   */
  static boolean isCausedByRecord(Throwable exception) {
    boolean kafka = false;
    boolean valueDoesNotFitSchema = false;
    for (Throwable t = exception; t != null; t = t.getCause()) {
      // a value that cannot be read back (AvroDecodingException) is a stored value's, from a store or its
      // changelog: the input records' decoding failures are dead-lettered by ParseProcessor, never come here
      if (t instanceof SchemaRegistryException || t instanceof IOException || t instanceof Error
          || t instanceof io.ppscore.events.AvroDecodingException) {
        return false;
      }
      kafka |= t instanceof KafkaException;
      valueDoesNotFitSchema |= t instanceof AvroTypeException;
    }
    return exception instanceof RuntimeException && (!kafka || valueDoesNotFitSchema);
  }
}
