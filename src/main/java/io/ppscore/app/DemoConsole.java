package io.ppscore.app;

import io.ppscore.replay.OnlineRetailReader;
import io.ppscore.replay.Rees46Reader;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
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
    app.modelCurrency().flatMap(DemoConsole::currencyLine).ifPresent(out::println);
    out.println();
  }

  /** The bundled samples and the currency their reader gives every event. */
  private static final Map<String, String> SAMPLE_CURRENCIES = sampleCurrencies();

  private static Map<String, String> sampleCurrencies() {
    Map<String, String> currencies = new LinkedHashMap<>();
    currencies.put("Online Retail", OnlineRetailReader.CURRENCY);
    currencies.put("REES46", Rees46Reader.CURRENCY);
    return java.util.Collections.unmodifiableMap(currencies);
  }

  /** The bundled samples whose currency is not {@code trained}, the model's, each with its currency. */
  static Map<String, String> foreignSamples(String trained) {
    Map<String, String> foreign = new LinkedHashMap<>(SAMPLE_CURRENCIES);
    foreign.values().removeIf(trained::equals);
    return foreign;
  }

  /** The Currency line, naming every sample in another currency than the model's; empty when none is. */
  static Optional<String> currencyLine(String trained) {
    Map<String, String> foreign = foreignSamples(trained);
    if (foreign.isEmpty()) {
      return Optional.empty();
    }
    List<String> samples = new ArrayList<>();
    foreign.forEach((sample, currency) -> samples.add("the " + sample + " events "
        + (samples.isEmpty() ? "are in " : "in ") + currency));
    return Optional.of("  Currency                : " + String.join(" and ", samples) + ", the model was trained on "
        + trained + " amounts: those users are scored with their amounts unconverted (README, Currency)");
  }

  /** The users the example commands name: the sample's three top buyers and its top browser. */
  static List<String> exampleIds(DemoSampleUsers users) {
    List<String> ids = new ArrayList<>(users.topBuyers(3));
    ids.addAll(users.topBrowsers(1));
    return ids;
  }

  /** Whether every example user is in this instance's state, so that each example command answers. */
  boolean examplesIn(DemoSampleUsers users) {
    io.ppscore.query.UserStateReader reader = new io.ppscore.query.StoreBackedUserStateReader(app.streams());
    try {
      for (String id : exampleIds(users)) {
        if (reader.read(id, Instant.now()).isEmpty()) {
          return false;
        }
      }
      return true;
    } catch (RuntimeException e) { // stores not queryable yet (starting, rebalancing)
      return false;
    }
  }

  void printExamples(DemoSampleUsers users) {
    List<String> ids = exampleIds(users);
    out.println();
    out.println("Try (users from the sample; their figures grow until every event sent is in):");
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

  /** When the example commands are printed even if their users are not found in state. */
  static final Duration EXAMPLES_AT_THE_LATEST = Duration.ofMinutes(3);

  /**
   * Prints a progress line every {@code interval}, unless it would repeat the line printed last (once every event
   * is in, the figures stop changing and the same line used to repeat every 5 s), until {@code stop} fires or
   * {@code deadline} passes; after the first line at which {@code examplesIn} says the example users are in state (before that their commands
   * may answer 404), or the line that counts all {@code sent} events in, runs {@code whenExamplesIn} once; after
   * {@link #EXAMPLES_AT_THE_LATEST} in any case.
   */
  void followProgress(CountDownLatch stop, Instant deadline, Duration interval, long sent, BooleanSupplier examplesIn,
      Runnable whenExamplesIn) throws InterruptedException {
    followProgress(out, () -> PipelineStats.of(app.streams(), app.metrics()), stop, deadline, interval, sent,
        examplesIn, whenExamplesIn, System::nanoTime);
  }

  static void followProgress(PrintStream out, Supplier<PipelineStats> stats, CountDownLatch stop, Instant deadline,
      Duration interval, long sent, BooleanSupplier examplesIn, Runnable whenExamplesIn, LongSupplier nanoTime)
      throws InterruptedException {
    boolean waiting = true;
    long started = nanoTime.getAsLong();
    long previousIn = -1;
    long previousNanos = started;
    String printed = null;
    do {
      PipelineStats now = stats.get();
      long nanos = nanoTime.getAsLong();
      double rate = previousIn < 0 || nanos <= previousNanos ? Double.NaN
          : Math.max(0, now.eventsIn() - previousIn) * 1e9 / (nanos - previousNanos);
      String line = progressLine(now, sent, rate);
      if (!line.equals(printed)) {
        out.println(line);
        printed = line;
      }
      previousIn = now.eventsIn();
      previousNanos = nanos;
      if (waiting && (now.eventsIn() >= sent || nanos - started >= EXAMPLES_AT_THE_LATEST.toNanos()
          || examplesIn.getAsBoolean())) {
        waiting = false;
        whenExamplesIn.run();
      }
      if (deadline != null && !Instant.now().isBefore(deadline)) {
        return;
      }
    } while (!DemoCommand.await(stop, deadline == null ? interval : min(interval, Duration.between(Instant.now(), deadline))));
  }

  /**
   * The progress line: events read of those sent (with the rate since the previous line; NaN: none yet), dead
   * letters, users, scores, risk flags and the event-to-score p99. No ETA: the rate changes several-fold
   * between the sample's year and a half of orders and its recent clicks, so one from it would mislead.
   */
  static String progressLine(PipelineStats stats, long sent, double ratePerSecond) {
    StringBuilder line = new StringBuilder("[ppscore] events in: ")
        .append(String.format("%,d/%,d (%d %%", stats.eventsIn(), sent,
            sent == 0 ? 100 : Math.min(100, stats.eventsIn() * 100 / sent)));
    if (!Double.isNaN(ratePerSecond)) {
      line.append(String.format(", %,.0f/s", ratePerSecond));
    }
    line.append(')');
    return appendFigures(line, stats);
  }

  /** The progress line without the events sent (bench: its events are still being sent). */
  static String progressLine(PipelineStats stats) {
    StringBuilder line = new StringBuilder("[ppscore] events in:");
    if (stats.eventsInByTopic().isEmpty()) {
      line.append(" 0");
    }
    return appendFigures(line, stats);
  }

  private static String appendFigures(StringBuilder line, PipelineStats stats) {
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
