package io.ppscore.app;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KafkaStreams.State;

/**
 * Notices Kafka Streams ending without ppscore having closed it: {@code ERROR} (an instance of the
 * application requested {@code SHUTDOWN_APPLICATION}, {@link ThreadReplacements} shut the client down, or a fatal
 * error such as an assignment failure), or
 * shutting down before {@link #closing()} was called. The HTTP API alone would otherwise keep a process up
 * that no longer processes anything; {@code run} exits instead, so it is restarted.
 */
final class StreamsEnd implements KafkaStreams.StateListener {

  private final AtomicBoolean closing = new AtomicBoolean();
  private final CompletableFuture<String> ended = new CompletableFuture<>();

  /** Says the shutdown that follows is ppscore's own ({@link PpscoreApp#close()}). */
  void closing() {
    closing.set(true);
  }

  /** Completes, with what happened, once Kafka Streams has ended on its own; never after {@link #closing()}. */
  CompletableFuture<String> ended() {
    return ended;
  }

  @Override
  public void onChange(State newState, State oldState) {
    if (newState == State.ERROR) {
      ended.complete("Kafka Streams went from " + oldState + " to ERROR (an instance requested SHUTDOWN_APPLICATION, "
          + "stream threads failed too often to be replaced again, or a fatal error; see the errors logged before) and processes nothing any more");
    } else if ((newState == State.PENDING_SHUTDOWN || newState == State.NOT_RUNNING) && !closing.get()) {
      ended.complete("Kafka Streams went from " + oldState + " to " + newState + " without ppscore closing it "
          + "(see the errors logged before) and processes nothing any more");
    }
  }
}
