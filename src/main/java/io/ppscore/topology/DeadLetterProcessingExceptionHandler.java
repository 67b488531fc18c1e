package io.ppscore.topology;

import io.ppscore.config.AppVersion;
import io.ppscore.events.DeadLetterReason;
import java.io.IOException;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Safety net for exceptions no processor expected. A bug triggered by one record sends that record's
 * source bytes to the dead-letter topic through Kafka Streams' native dead-letter support (KIP-1034,
 * {@code errors.dead.letter.queue.topic.name}) with reason {@code PROCESSING_ERROR} and processing goes on.
 * An outage (schema registry or I/O unreachable: a {@link RetriableException} or {@link IOException} in the
 * cause chain) is not the record's fault: the handler fails the task instead, so the thread is replaced
 * and the record is retried from the last committed offset rather than dead-lettered.
 */
public final class DeadLetterProcessingExceptionHandler extends LogAndContinueProcessingExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProcessingExceptionHandler.class);

  @Override
  public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    if (isOutage(exception)) {
      LOG.error("Outage while processing topic={} partition={} offset={}: failing the task so the record is retried",
          context.topic(), context.partition(), context.offset(), exception);
      return Response.fail();
    }
    Response response = super.handleError(context, record, exception);
    List<ProducerRecord<byte[], byte[]>> records = response.deadLetterQueueRecords();
    for (ProducerRecord<byte[], byte[]> dead : records) {
      DeadLetterHeaders.with(dead.headers(), DeadLetterReason.PROCESSING_ERROR, String.valueOf(exception),
          context.topic(), context.partition(), context.offset(), AppVersion.get())
          .forEach(h -> {
            dead.headers().remove(h.key());
            dead.headers().add(h);
          });
    }
    return Response.resume(records);
  }

  static boolean isOutage(Throwable exception) {
    for (Throwable t = exception; t != null; t = t.getCause()) {
      if (t instanceof RetriableException || t instanceof IOException) {
        return true;
      }
    }
    return false;
  }
}
