package io.ppscore.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ppscore.app.PipelineStats;
import io.ppscore.app.PpscoreApp;
import io.ppscore.app.ReplayTargets;
import io.ppscore.config.AppConfig;
import io.ppscore.embedded.EmbeddedKafka;
import io.ppscore.embedded.EmbeddedSchemaRegistry;
import io.ppscore.events.HttpSchemaRegistryClient;
import io.ppscore.replay.KafkaReplayTarget;
import io.ppscore.replay.OnlineRetailReader;
import io.ppscore.replay.Rees46Reader;
import io.ppscore.replay.ReplayStats;
import io.ppscore.replay.Replayer;
import io.ppscore.replay.Samples;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays the bundled real sample through a real broker and registry into the running app, then checks
 * the HTTP state of several users against an independent computation from the same CSV files.
 *
 * <p>The Online Retail customers are read over HTTP after their replay and before the REES46 one: the
 * REES46 events are eight years later, and once a task's stream time reaches them the 2011 day buckets are
 * past the stores' retention (365 days plus the grace period) and dropped, so a 2011 window then reads
 * empty (lifetime figures stay in the profile).
 */
class SampleReplayIT {

  /** Reference time just after the last Online Retail sample day (the data ends 2011-06-30). */
  private static final Instant AS_OF = Instant.parse("2011-07-01T00:00:00Z");
  /** First day of the 90-day window at AS_OF: the day of AS_OF and the 89 before it. */
  private static final Instant D90_START = Instant.parse("2011-04-03T00:00:00Z");

  @TempDir
  static Path stateDir;
  private static EmbeddedKafka kafka;
  private static EmbeddedSchemaRegistry registryServer;
  private static PpscoreApp app;
  private static long ordersSent;
  private static long rees46Sent;
  /** HTTP answers for the selected Online Retail customers, read at AS_OF before the REES46 replay. */
  private static final Map<String, UserApi.Answer> retailAnswers = new HashMap<>();

  @BeforeAll
  static void replaySampleIntoRunningApp() throws Exception {
    kafka = EmbeddedKafka.start();
    registryServer = EmbeddedSchemaRegistry.start(0);
    AppConfig config = ItApps.config(kafka, registryServer, "sample-replay-it", stateDir,
        ItApps.freePort(), Map.of());
    kafka.createTopics(Map.of("clicks", 2, "carts", 2, "orders", 2, "ppscore-dead-letter", 1, "user-erasure", 2));
    app = ItApps.start(config);
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    try (KafkaReplayTarget target = ReplayTargets.kafka(config, HttpSchemaRegistryClient.builder(config.schemaRegistryUrl()).build())) {
      ReplayStats retail = Replayer.builder(new OnlineRetailReader(), target).progressTo(quiet, false).build()
          .replay(Samples.onlineRetail());
      ordersSent = retail.sentTotal();
      await("every Online Retail event is read by the app").atMost(Duration.ofSeconds(150))
          .pollInterval(Duration.ofSeconds(1)).until(() -> PipelineStats.of(app.streams()).eventsIn() == ordersSent);
      for (String customer : retailCustomers(expectedFromRetailCsv())) {
        retailAnswers.put(customer, UserApi.get(app.httpPort(), customer, AS_OF));
      }
      ReplayStats rees46 = Replayer.builder(new Rees46Reader(), target).progressTo(quiet, false).build()
          .replay(Samples.rees46());
      rees46Sent = rees46.sentTotal();
    }
    await("every replayed event is read by the app").atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(1))
        .conditionEvaluationListener(c -> System.out.println("sent " + (ordersSent + rees46Sent) + ", app: "
            + PipelineStats.of(app.streams())))
        .until(() -> PipelineStats.of(app.streams()).eventsIn() == ordersSent + rees46Sent);
  }

  @AfterAll
  static void stop() {
    ItApps.closeQuietly(app);
    ItApps.closeQuietly(registryServer);
    ItApps.closeQuietly(kafka);
  }

  /** Per-customer figures computed straight from the Online Retail sample CSV. */
  record Expected(Set<String> placed, Set<String> cancelled, BigDecimal gross, BigDecimal cancelledValue, long items,
      BigDecimal gross90d, Set<String> placed90d) {
  }

  /** The five customers with most orders, and two more with cancellations. */
  private static List<String> retailCustomers(Map<String, Expected> expected) {
    List<String> customers = expected.entrySet().stream()
        .sorted(Comparator.comparing((Map.Entry<String, Expected> e) -> -e.getValue().placed().size()).thenComparing(Map.Entry::getKey))
        .limit(5).map(Map.Entry::getKey).collect(Collectors.toList());
    expected.entrySet().stream().filter(e -> !e.getValue().cancelled().isEmpty()).map(Map.Entry::getKey).sorted()
        .filter(c -> !customers.contains(c)).limit(2).forEach(customers::add);
    return customers;
  }

  private static Map<String, Expected> expectedFromRetailCsv() {
    Map<String, Expected> byCustomer = new HashMap<>();
    for (List<String> r : SampleCsv.rows(Samples.ONLINE_RETAIL_RESOURCE)) {
      String invoice = r.get(0);
      int quantity = Integer.parseInt(r.get(3));
      Instant time = LocalDateTime.parse(r.get(4).replace(' ', 'T')).toInstant(ZoneOffset.UTC);
      BigDecimal price = new BigDecimal(r.get(5));
      String customer = r.get(6).replace(".0", "");
      Expected e = byCustomer.computeIfAbsent(customer, c -> new Expected(new HashSet<>(), new HashSet<>(),
          BigDecimal.ZERO, BigDecimal.ZERO, 0, BigDecimal.ZERO, new HashSet<>()));
      BigDecimal value = price.multiply(BigDecimal.valueOf(Math.abs(quantity)));
      if (invoice.startsWith("C")) {
        e.cancelled().add(invoice);
        byCustomer.put(customer, new Expected(e.placed(), e.cancelled(), e.gross(), e.cancelledValue().add(value), e.items(),
            e.gross90d(), e.placed90d()));
      } else {
        e.placed().add(invoice);
        boolean in90d = !time.isBefore(D90_START);
        if (in90d) {
          e.placed90d().add(invoice);
        }
        byCustomer.put(customer, new Expected(e.placed(), e.cancelled(), e.gross().add(value), e.cancelledValue(),
            e.items() + quantity, in90d ? e.gross90d().add(value) : e.gross90d(), e.placed90d()));
      }
    }
    return byCustomer;
  }

  @Test
  void shouldServeEachCustomersOrdersSpendAndCancellationsAsComputedFromTheFile() {
    // Given the figures of the five customers with most orders, and two with cancellations, from the CSV
    Map<String, Expected> expected = expectedFromRetailCsv();
    List<String> customers = retailCustomers(expected);
    assertThat(customers).hasSize(7);

    for (String customer : customers) {
      // When the user's state was read over HTTP (after the Online Retail replay: see the class comment)
      UserApi.Answer answer = retailAnswers.get(customer);

      // Then it equals the independent computation
      Expected e = expected.get(customer);
      assertThat(answer.status()).as(customer).isEqualTo(200);
      var life = answer.body().path("windows").path("lifetime");
      assertThat(life.path("orders").asLong()).as(customer + " orders").isEqualTo(e.placed().size());
      assertThat(life.path("grossSpend").decimalValue()).as(customer + " gross").isEqualByComparingTo(e.gross());
      assertThat(life.path("itemsBought").asLong()).as(customer + " items").isEqualTo(e.items());
      assertThat(life.path("cancellations").asLong()).as(customer + " cancellations").isEqualTo(e.cancelled().size());
      assertThat(life.path("cancelledValue").decimalValue()).as(customer + " cancelled value").isEqualByComparingTo(e.cancelledValue());
      var d90 = answer.body().path("windows").path("90d");
      assertThat(d90.path("orders").asLong()).as(customer + " 90d orders").isEqualTo(e.placed90d().size());
      assertThat(d90.path("grossSpend").decimalValue()).as(customer + " 90d gross").isEqualByComparingTo(e.gross90d());
    }
  }

  @Test
  void shouldServeClickAndCartCountsOfRees46UsersAsComputedFromTheFile() {
    // Given views, distinct viewed products and cart adds per user, counted from the REES46 CSV
    Map<String, long[]> counts = new TreeMap<>();
    Map<String, Set<String>> products = new HashMap<>();
    for (List<String> r : SampleCsv.rows(Samples.REES46_RESOURCE)) {
      long[] c = counts.computeIfAbsent(r.get(7), u -> new long[3]);
      switch (r.get(1)) {
        case "view" -> {
          c[0]++;
          products.computeIfAbsent(r.get(7), u -> new HashSet<>()).add(r.get(2));
        }
        case "cart" -> c[1]++;
        case "purchase" -> c[2]++;
        default -> throw new AssertionError("unexpected event type " + r.get(1));
      }
    }
    List<String> users = counts.entrySet().stream()
        .sorted(Comparator.comparing((Map.Entry<String, long[]> e) -> -(e.getValue()[0] + 10 * e.getValue()[1] + 100 * e.getValue()[2])))
        .limit(5).map(Map.Entry::getKey).toList();

    for (String user : users) {
      // When read over HTTP at the end of the slice
      UserApi.Answer answer = UserApi.get(app.httpPort(), user, Instant.parse("2019-10-01T03:00:00Z"));

      // Then the counts match, in the lifetime and the 24h window alike
      assertThat(answer.status()).as(user).isEqualTo(200);
      for (String window : List.of("lifetime", "24h")) {
        var w = answer.body().path("windows").path(window);
        assertThat(w.path("views").asLong()).as(user + " views " + window).isEqualTo(counts.get(user)[0]);
        assertThat(w.path("cartAdds").asLong()).as(user + " carts " + window).isEqualTo(counts.get(user)[1]);
        assertThat(w.path("orders").asLong()).as(user + " orders " + window).isEqualTo(counts.get(user)[2]);
      }
      assertThat(answer.body().path("windows").path("lifetime").path("distinctProducts").asLong())
          .as(user + " distinct products").isGreaterThanOrEqualTo(products.getOrDefault(user, Set.of()).size());
    }
  }

  @Test
  void shouldDeadLetterNothingFromTheRealSampleAndKeepStateForEveryUser() {
    Set<String> users = new HashSet<>();
    SampleCsv.rows(Samples.ONLINE_RETAIL_RESOURCE).forEach(r -> users.add(r.get(6).replace(".0", "")));
    SampleCsv.rows(Samples.REES46_RESOURCE).forEach(r -> users.add(r.get(7)));

    PipelineStats stats = PipelineStats.of(app.streams());
    assertThat(stats.deadLettersByReason()).isEmpty();
    assertThat(stats.usersInState()).isEqualTo(users.size());
  }
}
