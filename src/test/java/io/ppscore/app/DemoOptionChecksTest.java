package io.ppscore.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The demo's option errors are usage errors (exit code 2) found before anything starts. Each command line runs
 * with free ports, no model and {@code --duration 1s}, so a check that were missing would start (and soon stop)
 * a real demo instead of answering 2 at once.
 */
class DemoOptionChecksTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int demo(String... options) {
    var cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    List<String> args = new ArrayList<>(List.of("demo", "--kafka-port", "0", "--registry-port", "0",
        "--http-port", "0", "--model-dir", "", "--duration", "1s"));
    args.addAll(List.of(options));
    return cli.execute(args.toArray(String[]::new));
  }

  @Test
  void shouldRefuseANegativeOrNotANumberSpeedupAsAUsageError() {
    // When the demo is given a speedup that is not 0 or a positive factor
    int negative = demo("--speedup", "-1");
    int notANumber = demo("--speedup", "NaN");

    // Then both are usage errors naming the option (the replay used to refuse them only after the broker,
    // registry and app had started)
    assertThat(negative).isEqualTo(2);
    assertThat(notANumber).isEqualTo(2);
    assertThat(err.toString()).contains("--speedup -1.0: must be 0 (as fast as possible) or a positive factor")
        .contains("--speedup NaN: must be 0");
  }

  @Test
  void shouldRefuseAProgressIntervalUnder100Milliseconds() {
    // When the progress interval is 0, negative or just under the floor
    int zero = demo("--progress-interval", "0s");
    int negative = demo("--progress-interval", "PT-5S");
    int tooShort = demo("--progress-interval", "99ms");

    // Then each is a usage error (0 used to print progress lines as fast as the console took them)
    assertThat(List.of(zero, negative, tooShort)).containsOnly(2);
    assertThat(err.toString()).contains("--progress-interval 0 ms: must be at least 100 ms")
        .contains("--progress-interval -5000 ms").contains("--progress-interval 99 ms");
  }

  @Test
  void shouldAcceptAProgressIntervalOf100MillisecondsAndAPositiveSpeedup() {
    // Given the shortest interval allowed and a paced replay
    DemoCommand demo = new DemoCommand();
    new picocli.CommandLine(demo).parseArgs("--progress-interval", "100ms", "--speedup", "60");

    // Then the options pass the checks
    assertThatCode(demo::checkOptions).doesNotThrowAnyException();
  }

  @Test
  void shouldRefuseAnUnknownSetKeyABadValueAndADemoOwnedKeyAsUsageErrors() {
    // When --set names an unknown key, gives a bad value, or names a setting the demo owns
    int unknown = demo("--set", "scoring.intervall.ms=5");
    int badValue = demo("--set", "scoring.interval.ms=soon");
    int owned = demo("--set", "state.dir=/tmp/x");

    // Then each is a usage error (exit 2, like a bad port or duration; they exited 1), each message followed by a
    // pointer to --help instead of the usage text
    assertThat(List.of(unknown, badValue, owned)).containsOnly(2);
    assertThat(err.toString())
        .contains("unknown configuration key scoring.intervall.ms (from --set); did you mean scoring.interval.ms?")
        .contains("Invalid value soon for configuration scoring.interval.ms")
        .contains("--set state.dir: the demo sets state.dir itself")
        .contains("see ppscore demo --help")
        .doesNotContain("Usage:");
    assertThat(out.toString()).doesNotContain("Starting the in-process Kafka broker");
  }

  @Test
  void shouldReportABadOptionValueInTwoLinesWithoutTheUsage() {
    // When --set gives a value out of range, the speedup is negative, and a duration is not one
    int setValue = demo("--set", "inference.batch.size=0");
    int speedup = demo("--speedup", "-1");
    int duration = demo("--progress-interval", "soon");

    // Then each is a usage error of two lines, the message and where to look (the message used to be followed
    // by some 40 lines of usage)
    assertThat(List.of(setValue, speedup, duration)).containsOnly(2);
    assertThat(err.toString().lines()).containsExactly(
        "Invalid value 0 for configuration inference.batch.size: Value must be at least 1 (from --set)",
        "see ppscore demo --help",
        "--speedup -1.0: must be 0 (as fast as possible) or a positive factor",
        "see ppscore demo --help",
        "Invalid value for option '--progress-interval': cannot convert 'soon' to Duration "
            + "(java.lang.IllegalArgumentException: 'soon' is not a duration: use 90s, 10m, 2h or PT1H30M)",
        "see ppscore demo --help");
  }

  @Test
  void shouldKeepTheUsageForAnUnknownOptionOrASetWithoutKeyAndValue() {
    // When an option is unknown, or --set is not KEY=VALUE
    int unknown = demo("--bogus");
    int syntax = demo("--set", "inference.batch.size");

    // Then both stay usage errors with the usage text (picocli's default for a command line it cannot read)
    assertThat(List.of(unknown, syntax)).containsOnly(2);
    assertThat(err.toString()).contains("Unknown option: '--bogus'", "should be in KEY=VALUE format", "Usage: ppscore demo")
        .doesNotContain("see ppscore demo --help");
  }

  @Test
  void shouldRefuseAModelDirWithoutAModelBeforeStartingTheBroker() {
    // Given a model directory with a typo (relative, so resolved from the working directory)
    var cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));

    // When the demo is started with it
    int exit = cli.execute("demo", "--kafka-port", "0", "--registry-port", "0", "--http-port", "0",
        "--model-dir", "modles", "--duration", "1s");

    // Then it is a usage error naming the absolute path, found before the broker starts (the start found it
    // only after the broker and registry were up)
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("model.dir=modles: no model at "
        + java.nio.file.Path.of("modles").toAbsolutePath().normalize());
    assertThat(out.toString()).doesNotContain("Starting the in-process Kafka broker");
  }

  @Test
  void shouldCheckTheModelDirTheDemoRunsWithWhichSetOverridesOverModelDir() {
    // Given --model-dir with a typo that --set model.dir turns off, and a good --model-dir that --set mistypes
    DemoCommand off = new DemoCommand();
    new picocli.CommandLine(off).parseArgs("--model-dir", "modles", "--set", "model.dir=");
    DemoCommand typo = new DemoCommand();
    new picocli.CommandLine(typo).parseArgs("--model-dir", "models", "--set", "model.dir=modles");

    // Then the checks judge the directory the demo will use (--set wins in its configuration)
    assertThatCode(off::checkOptions).doesNotThrowAnyException();
    assertThatCode(typo::checkOptions).isInstanceOf(picocli.CommandLine.ParameterException.class)
        .hasMessageContaining("model.dir=modles: no model at");
  }

  @Test
  void shouldRefuseTheStreamsGroupProtocolWithSeveralStreamThreadsBeforeStartingTheBroker() {
    // When the demo is given the streams group protocol and two stream threads
    int exit = demo("--set", "kafka.group.protocol=streams", "--set", "num.stream.threads=2");

    // Then it is a usage error naming both keys, found before the broker starts
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("kafka.group.protocol=streams with num.stream.threads=2");
    assertThat(out.toString()).doesNotContain("Starting the in-process Kafka broker");
  }
}
