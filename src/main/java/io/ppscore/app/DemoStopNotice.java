package io.ppscore.app;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * What the demo prints while it stops: what it waits for and for how long at most, how to leave at once, and
 * one more line if the wait goes on. Stopped while Kafka Streams is still catching up, the close waits for its
 * current work and took 25 s in one run, with nothing printed in between.
 */
final class DemoStopNotice implements AutoCloseable {

  /** When the "still stopping" line comes if the close has not ended. */
  static final Duration STILL_WAITING_AFTER = Duration.ofSeconds(5);

  private final CountDownLatch done = new CountDownLatch(1);
  private final Thread notice;

  private DemoStopNotice(PrintStream out, Duration shutdownTimeout, IntSupplier untilForcedExit, Duration after) {
    notice = new Thread(() -> {
      try {
        if (!done.await(after.toMillis(), TimeUnit.MILLISECONDS)) {
          out.println(stillStoppingLine(after, shutdownTimeout, untilForcedExit.getAsInt()));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "ppscore-demo-stop-notice");
    notice.setDaemon(true);
  }

  /**
   * Prints the stopping line and, unless {@link #close()} comes first, the still-stopping line after {@code after}.
   *
   * @param untilForcedExit how many more Ctrl-Cs exit at once; 0 if Ctrl-C is not handled
   */
  static DemoStopNotice start(PrintStream out, Duration shutdownTimeout, IntSupplier untilForcedExit, Duration after) {
    out.println(stoppingLine(shutdownTimeout, untilForcedExit.getAsInt()));
    DemoStopNotice notice = new DemoStopNotice(out, shutdownTimeout, untilForcedExit, after);
    notice.notice.start();
    return notice;
  }

  static String stoppingLine(Duration shutdownTimeout, int untilForcedExit) {
    return "Stopping: waiting for Kafka Streams to finish its current work (up to " + seconds(shutdownTimeout)
        + ", shutdown.timeout.ms), then closing the registry and the broker" + leaveAtOnce(untilForcedExit) + ".";
  }

  static String stillStoppingLine(Duration after, Duration shutdownTimeout, int untilForcedExit) {
    return "Still stopping after " + seconds(after) + ": Kafka Streams may take up to " + seconds(shutdownTimeout)
        + " (it is finishing the work it had taken on), then the registry and the broker close"
        + leaveAtOnce(untilForcedExit) + ".";
  }

  private static String leaveAtOnce(int untilForcedExit) {
    if (untilForcedExit <= 0) {
      return "";
    }
    String times = switch (untilForcedExit) {
      case 1 -> "once more";
      case 2 -> "twice more";
      default -> untilForcedExit + " times";
    };
    return "; Ctrl-C " + times + " exits at once, without finishing the close";
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  /** Ends the wait: no still-stopping line after this returns. */
  @Override
  public void close() {
    done.countDown();
    try {
      notice.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
