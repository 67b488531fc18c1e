package io.ppscore.app;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/** What the demo prints: endpoints, example commands and a live progress line. */
final class DemoConsole {

  private final PrintStream out;
  private final PpscoreApp app;

  DemoConsole(PrintStream out, PpscoreApp app) {
    this.out = out;
    this.app = app;
  }

  void printEndpoints(String bootstrap, String registryUrl) {
    out.println();
    out.println("  Kafka bootstrap servers : " + bootstrap);
    out.println("  Schema registry         : " + registryUrl);
    out.println("  ppscore HTTP API        : http://localhost:" + app.httpPort());
    out.println("  Topics                  : " + String.join(", ", app.config().clicksTopic(), app.config().cartsTopic(),
        app.config().ordersTopic()) + " -> dead letters in " + app.config().deadLetterTopic()
        + (app.scoringEnabled() ? ", scores in " + app.config().scoresTopic() : "")
        + (app.config().riskEnabled() ? ", risk flags in " + app.config().riskFlagsTopic() : ""));
    out.println("  Sample data             : UCI Online Retail II (CC BY 4.0, Chen 2019) and REES46 (credit: REES46 Marketing Platform)");
    out.println();
  }

  void printExamples(DemoSampleUsers users) {
    List<String> ids = new ArrayList<>(users.topBuyers(3));
    ids.addAll(users.topBrowsers(1));
    out.println();
    out.println("Try (users from the sample):");
    for (String id : ids) {
      out.println(curl("/v1/users/" + id, true));
    }
    if (!ids.isEmpty() && app.scoringEnabled()) {
      out.println(curl("/v1/users/" + ids.get(0) + "/score", true));
    }
    if (!ids.isEmpty() && app.config().riskEnabled()) {
      out.println(curl("/v1/users/" + ids.get(0) + "/flags", true));
    }
    out.println(curl("/health/ready", false));
    out.println(curl("/v1/info", true));
    if (!ids.isEmpty()) {
      out.println("Erase a user (right to be forgotten; a later GET answers 404):");
      out.println(curl("/v1/admin/users/" + ids.get(ids.size() - 1) + "/erasure", true).replace("curl -s", "curl -s -X POST"));
    }
    out.println();
  }

  /** A curl line; with authentication on, protected paths carry the token by reference to the environment, never its value. */
  private String curl(String path, boolean protectedPath) {
    boolean auth = app.config().getBoolean(io.ppscore.config.AppConfig.HTTP_AUTH_ENABLED_CONFIG) && protectedPath;
    return "  curl -s " + (auth ? "-H \"Authorization: Bearer $" + DemoCommand.TOKEN_ENV + "\" " : "")
        + "http://localhost:" + app.httpPort() + path;
  }

  /**
   * Prints a progress line every {@code interval} until {@code stop} fires or {@code deadline} passes; after the
   * first line that counts at least {@code sent} events in, runs {@code whenAllIn} once (the example commands:
   * before that, the users they name may not be in state yet), or after {@link #EXAMPLES_AT_THE_LATEST} in
   * any case: the count is of records read, and a replaced stream thread's count starts again, so it may never
   * reach {@code sent}.
   */
  /** When the example commands are printed even if the events-in count has not reached the events sent. */
  static final Duration EXAMPLES_AT_THE_LATEST = Duration.ofMinutes(3);

  void followProgress(CountDownLatch stop, Instant deadline, Duration interval, long sent, Runnable whenAllIn)
      throws InterruptedException {
    followProgress(out, () -> PipelineStats.of(app.streams(), app.metrics()), stop, deadline, interval, sent, whenAllIn);
  }

  static void followProgress(PrintStream out, Supplier<PipelineStats> stats, CountDownLatch stop, Instant deadline,
      Duration interval, long sent, Runnable whenAllIn) throws InterruptedException {
    boolean waitingForAll = true;
    long started = System.nanoTime();
    do {
      PipelineStats now = stats.get();
      out.println(progressLine(now));
      if (waitingForAll && (now.eventsIn() >= sent
          || System.nanoTime() - started >= EXAMPLES_AT_THE_LATEST.toNanos())) {
        waitingForAll = false;
        whenAllIn.run();
      }
      if (deadline != null && !Instant.now().isBefore(deadline)) {
        return;
      }
    } while (!DemoCommand.await(stop, deadline == null ? interval : min(interval, Duration.between(Instant.now(), deadline))));
  }

  static String progressLine(PipelineStats stats) {
    StringBuilder line = new StringBuilder("[ppscore] events in:");
    if (stats.eventsInByTopic().isEmpty()) {
      line.append(" 0");
    }
    for (Map.Entry<String, Long> e : stats.eventsInByTopic().entrySet()) {
      line.append(' ').append(e.getKey()).append('=').append(String.format("%,d", e.getValue()));
    }
    line.append(" | dead letters: ").append(String.format("%,d", stats.deadLetters()));
    if (!stats.deadLettersByReason().isEmpty()) {
      line.append(' ').append(stats.deadLettersByReason());
    }
    line.append(" | users in state: ").append(stats.usersInState() == PipelineStats.NOT_COUNTED ? "-"
        : String.format("%,d", stats.usersInState()));
    line.append(" | scores out: ").append(String.format("%,d", stats.scoresOut()));
    line.append(" | risk flags: ").append(String.format("%,d", stats.riskFlagsOut()));
    if (!Double.isNaN(stats.latencyP99Ms())) {
      line.append(" | event-to-score p99: ").append(String.format("%,.0f ms", stats.latencyP99Ms()));
    } else if (stats.scoresOut() > 0) {
      line.append(" | event-to-score p99: - (no score in the last minutes)");
    }
    return line.toString();
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b.isNegative() ? Duration.ZERO : b;
  }
}
