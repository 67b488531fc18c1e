package io.ppscore.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line {@code evaluate} records in its report runs as written and reproduces the report. */
class EvaluateCommandLineTest {

  private static EvaluateCommand parsed(String... args) {
    CommandLine cli = Main.commandLine();
    cli.parseArgs(args);
    return cli.getSubcommands().get("evaluate").getCommand();
  }

  @Test
  void shouldRecordEveryOptionWithTheBacktestDatesJoinedAsTheOptionSplitsThem() {
    // When the README's evaluate command is parsed
    EvaluateCommand command = parsed("evaluate", "--input",
        "../shared/data/online-retail/online_retail_II_2009-12-01_to_2011-06-30.csv.gz", "--device", "cpu");

    // Then the recorded line has every option in effect, defaults included, and no list brackets
    // (it used to be "--input <file name> --backtest [2010-12-01, 2011-01-01, ...]")
    assertThat(command.commandLine()).isEqualTo("java -jar target/ppscore.jar evaluate"
        + " --input ../shared/data/online-retail/online_retail_II_2009-12-01_to_2011-06-30.csv.gz"
        + " --format online-retail --device cpu --encoder all-minilm-l6-v2 --first-cutoff 2010-03-01"
        + " --backtest 2010-12-01,2011-01-01,2011-02-01,2011-03-01,2011-04-01 --seed 42 --max-sequence-length 128 --out models/evaluation");
  }

  @Test
  void shouldParseTheRecordedLineBackToTheSameOptions() {
    // Given options that all differ from their defaults, and paths a shell would split
    EvaluateCommand command = parsed("evaluate", "-i", "my data/it's.csv", "-f", "rees46", "--device", "cuda:1",
        "--encoder", "none", "--first-cutoff", "2019-10-02", "--backtest", "2019-10-10,2019-10-20", "--seed", "7",
        "--max-sequence-length", "256", "-o", "out dir");

    // When the recorded line is split as a POSIX shell would and parsed again
    String line = command.commandLine();
    assertThat(line).startsWith(EvaluateCommand.COMMAND + " ");
    List<String> words = new ArrayList<>(List.of("evaluate"));
    words.addAll(shellWords(line.substring(EvaluateCommand.COMMAND.length())));
    EvaluateCommand again = parsed(words.toArray(String[]::new));

    // Then it holds the same values, so it records the same line
    assertThat(again.common.input.toString()).isEqualTo("my data/it's.csv");
    assertThat(again.out.toString()).isEqualTo("out dir");
    assertThat(again.backtests).hasSize(2);
    assertThat(again.maxSequenceLength).isEqualTo(256);
    assertThat(again.commandLine()).isEqualTo(line);
  }

  @Test
  void shouldEvaluateARepeatedBacktestDateOnceAndInDateOrder() {
    // When a back-test date is given twice, and the dates out of order
    EvaluateCommand command = parsed("evaluate", "--input", "data.csv", "--backtest", "2011-01-01,2010-12-01,2011-01-01");

    // Then each date is there once, in order (the repeated one used to be trained and scored twice, minutes
    // of work, before the report writer refused two cut-offs sharing chart files), and the line records that
    assertThat(command.backtests).containsExactly(LocalDate.parse("2010-12-01"), LocalDate.parse("2011-01-01"));
    assertThat(command.commandLine()).contains(" --backtest 2010-12-01,2011-01-01 ");
  }

  @Test
  void shouldNameTheMonthStartAFirstCutoffWasRoundedUpToWhenABacktestHasNoTrainingCutoff() {
    // Given a back-test cut-off without training cut-offs before it, and a --first-cutoff inside a month
    Instant backtest = Instant.parse("2010-05-01T00:00:00Z");

    // When the error is worded
    String rounded = EvaluateCommand.noTrainingCutoff(backtest, LocalDate.parse("2010-03-02"));
    String exact = EvaluateCommand.noTrainingCutoff(backtest, LocalDate.parse("2010-03-01"));

    // Then it names the month start training begins at, and the date given when that differs (it used to
    // name only the date given, 2010-03-02, though training began at 2010-04-01)
    assertThat(rounded).isEqualTo("back-test cut-off 2010-05-01T00:00:00Z has no training cut-off with 90 days of "
        + "labels before it (first training cut-off: 2010-04-01, the month start on or after --first-cutoff 2010-03-02)");
    assertThat(exact).endsWith("(first training cut-off: 2010-03-01)");
  }

  /** Splits on spaces outside single quotes; {@code '\''} is a quote inside a quoted word. */
  private static List<String> shellWords(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = null;
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\'') {
        quoted = !quoted;
        word = word == null ? new StringBuilder() : word;
      } else if (c == '\\' && !quoted) {
        word = (word == null ? new StringBuilder() : word).append(line.charAt(++i));
      } else if (c == ' ' && !quoted) {
        if (word != null) {
          words.add(word.toString());
          word = null;
        }
      } else {
        word = (word == null ? new StringBuilder() : word).append(c);
      }
    }
    if (word != null) {
      words.add(word.toString());
    }
    return words;
  }
}
