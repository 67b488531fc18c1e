package io.ppscore.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class CommandLineTest {

  private static String run(String... args) {
    CommandLine cli = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return exit + "\n" + out + err;
  }

  @ParameterizedTest
  @ValueSource(strings = {"demo", "run", "replay", "train", "evaluate", "score-batch", "config", "bench", "model-reference",
      "risk-report"})
  void shouldPrintHelpForEveryCommand(String command) {
    // picocli reports a description it cannot format (a bare '%') on System.err and prints it raw
    java.io.PrintStream systemErr = System.err;
    java.io.ByteArrayOutputStream warnings = new java.io.ByteArrayOutputStream();
    String output;
    try {
      System.setErr(new java.io.PrintStream(warnings, true, java.nio.charset.StandardCharsets.UTF_8));
      output = run(command, "--help");
    } finally {
      System.setErr(systemErr);
    }
    assertThat(output).startsWith("0\n").contains("Usage: ppscore " + command).doesNotContain("%n");
    assertThat(warnings.toString(java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
  }

  @Test
  void shouldWriteEveryOptionDescriptionAsOneParagraph() {
    // Given every command's options
    java.util.List<String> split = new java.util.ArrayList<>();
    Main.commandLine().getSubcommands().forEach((name, command) -> command.getCommandSpec().options().stream()
        .filter(option -> option.description().length > 1)
        .forEach(option -> split.add(name + " " + option.longestName())));

    // Then none is split into several description lines: picocli starts each on a new line, so a sentence cut
    // across two of them read as broken wrapping (bench --events, replay --if-empty, risk-report --set)
    assertThat(split).isEmpty();
  }

  @Test
  void shouldExitWithAUsageErrorWithoutACommand() {
    // When ppscore is started with no command
    String output = run();

    // Then it is a usage error (exit code 2; it printed the usage and exited 0), naming the commands
    assertThat(output).startsWith("2\n").contains("Missing command: choose one of demo, run, replay", "Usage: ppscore");
  }

  @Test
  void shouldExitWithZeroForTopLevelHelp() {
    assertThat(run("--help")).startsWith("0\n").contains("Usage: ppscore");
  }

  private static String description(String command) {
    return String.join(" ", Main.commandLine().getSubcommands().get(command).getCommandSpec().usageMessage().description());
  }

  @Test
  void shouldSayInRunHelpWhichSettingsItNeeds() {
    assertThat(description("run")).contains("bootstrap.servers", "schema.registry.url",
        "http.auth.token (or http.auth.enabled=false)", "model.dir (default models, resolved from the working directory");
  }

  @Test
  void shouldSayInReplayHelpWhatEachRees46EventTypeBecomes() {
    // Rees46Mapper maps remove_from_cart to a CartEvent with action REMOVE; the help left it out
    assertThat(description("replay")).contains("view -> click", "cart -> cart add",
        "remove_from_cart -> cart removal", "purchase -> one-line placed order");
  }

  @Test
  void shouldDescribeScoreBatchCustomersAlikeInHelpAndReadme() throws java.io.IOException {
    // Given the README, which said "placed, cancelled or refunded" where the help said "placed or cancelled"
    String readme = java.nio.file.Files.readString(java.nio.file.Path.of("README.md"));
    String customers = "with an order event (placed or cancelled; the datasets have no refunds) before";

    // Then the help (whose first line the command list shows) and the README's command table say the same
    assertThat(description("score-batch")).contains(customers);
    assertThat(readme).contains("| scores every customer " + customers + " the date")
        .doesNotContain("(placed, cancelled or refunded) before");
  }

  @Test
  void shouldListTheCommandsInTopLevelHelp() {
    assertThat(run("--help")).contains("demo", "run", "replay", "train", "evaluate", "score-batch", "config");
  }

  @Test
  void shouldListEachCommandWithAWholeSentenceInTopLevelHelp() {
    // picocli lists a command with the first line of its description: it used to stop mid-sentence
    // ("...of a Kafka cluster, as", "...strictly before each")
    Main.commandLine().getSubcommands().forEach((name, sub) -> {
      String[] description = sub.getCommandSpec().usageMessage().description();
      assertThat(description).as(name).isNotEmpty();
      assertThat(description[0]).as(name).endsWith(".");
    });
  }

  @Test
  void shouldRefuseScoreBatchWithBothOrNeitherReferenceTime() {
    assertThat(run("score-batch", "--input", "x.csv", "--out", "y.csv")).contains("exactly one of --cutoff and --as-of");
  }

  @Test
  void shouldRejectAnUnknownReplayFormatWithAClearMessage() {
    String output = run("replay", "--format", "csv");
    assertThat(output).startsWith("2\n").contains("unknown format 'csv': expected online-retail or rees46");
  }

  @Test
  void shouldParseShortAndIsoDurations() {
    DemoCommand.DurationConverter converter = new DemoCommand.DurationConverter();
    assertThat(converter.convert("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(converter.convert("10m")).isEqualTo(Duration.ofMinutes(10));
    assertThat(converter.convert("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(converter.convert("PT1H30M")).isEqualTo(Duration.ofMinutes(90));
    assertThatThrownBy(() -> converter.convert("soon")).hasMessageContaining("not a duration");
  }

  @Test
  void shouldFailFastNamingTheKeyWhenASettingIsInvalid() {
    String output = run("run", "--set", "http.port=99999");
    assertThat(output).startsWith("1\n").contains("http.port");
  }
}
