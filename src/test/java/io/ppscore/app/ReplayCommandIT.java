package io.ppscore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.ppscore.embedded.EmbeddedKafka;
import io.ppscore.embedded.EmbeddedSchemaRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ppscore replay} against a real broker and schema registry, as a user runs it. */
class ReplayCommandIT {

  private static final List<String> INPUTS = List.of("clicks", "carts", "orders");
  private static EmbeddedKafka kafka;
  private static EmbeddedSchemaRegistry registry;

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafka.start();
    kafka.createTopics(Map.of("clicks", 2, "carts", 2, "orders", 2));
    registry = EmbeddedSchemaRegistry.start(0);
  }

  @AfterAll
  static void stop() {
    registry.close();
    kafka.close();
  }

  private record Result(int exit, String err, String stderr) {
  }

  /** Runs {@code replay} with the broker and registry of this test, capturing the error line and stderr. */
  private static Result replay(String... args) {
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    var cli = Main.commandLine();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(new StringWriter()));
    cli.setErr(new PrintWriter(err));
    try {
      String[] all = Stream.concat(Stream.of("replay", "--bootstrap-servers", kafka.bootstrapServers(),
          "--schema-registry-url", registry.url()), Stream.of(args)).toArray(String[]::new);
      int exit = cli.execute(all);
      return new Result(exit, err.toString(), stderr.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(original);
      original.print(stderr.toString(StandardCharsets.UTF_8));
    }
  }

  /** The records the input topics have ever been given: their end offsets, summed. */
  private static long inputRecords() {
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
        Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = INPUTS.stream()
          .flatMap(t -> consumer.partitionsFor(t).stream().map(p -> new TopicPartition(t, p.partition()))).toList();
      return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
    }
  }

  @Test
  void shouldSendNothingTheSecondTimeWithIfEmptyAndSayWhy() {
    // Given a first replay with --if-empty into empty topics (what docker compose's replay service runs)
    assertThat(inputRecords()).as("the other test sends nothing").isZero();
    Result first = replay("--format", "rees46", "--rebase-to-now", "--limit", "50", "--if-empty");
    assertThat(first.exit()).isZero();
    assertThat(inputRecords()).isEqualTo(50);

    // When it runs again (every later 'docker compose up' starts the exited service again)
    Result second = replay("--format", "rees46", "--rebase-to-now", "--limit", "50", "--if-empty");

    // Then it sends nothing, says so in one line and succeeds
    assertThat(second.exit()).isZero();
    assertThat(inputRecords()).isEqualTo(50);
    assertThat(second.stderr()).contains("Nothing replayed (--if-empty): clicks already has records")
        .doesNotContain("Replaying");
  }

  @Test
  void shouldFailNamingTheSkipReasonsAndSendNothingWhenEveryRowIsSkipped(@TempDir Path dir) throws Exception {
    // Given the right header but dates as a US spreadsheet writes them: every row is malformed
    Path usDates = Files.writeString(dir.resolve("us-dates.csv"),
        "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\n"
            + "489434,85048,GLASS BALL,12,12/1/2009 7:45,6.95,13085.0,United Kingdom\n"
            + "489435,22350,CAT BOWL,12,12/1/2009 7:46,2.55,13085.0,United Kingdom\n");
    long before = inputRecords();

    // When
    Result result = replay("--format", "online-retail", "--input", usDates.toString());

    // Then it fails in one line naming the reasons (it used to print "0 events" and exit 0), nothing sent
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).startsWith("ppscore replay: no events read from " + usDates
        + ", everything was skipped: 2 rows skipped: malformed row");
    assertThat(result.err().lines()).hasSize(1);
    assertThat(inputRecords()).isEqualTo(before);
  }
}
