package io.ppscore.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A target that keeps what it is sent; an optional hook runs on every send (to move a fake clock). */
final class RecordingTarget implements ReplayTarget {

  final List<ReplayEvent> sent = new ArrayList<>();
  private final Consumer<ReplayEvent> onSend;
  int flushes;

  RecordingTarget() {
    this(event -> { });
  }

  RecordingTarget(Consumer<ReplayEvent> onSend) {
    this.onSend = onSend;
  }

  @Override
  public void send(ReplayEvent event) {
    sent.add(event);
    onSend.accept(event);
  }

  @Override
  public void flush() {
    flushes++;
  }

  @Override
  public void close() {
  }
}
