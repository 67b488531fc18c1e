package io.ppscore.app;

import io.ppscore.config.AppVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ppscore} command line: wiring only, each subcommand in its own class. */
@Command(name = "ppscore", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Real-time purchasing-power scorer for e-commerce on Kafka Streams.",
    subcommands = {DemoCommand.class, RunCommand.class, ReplayCommand.class, TrainCommand.class,
        EvaluateCommand.class, ScoreBatchCommand.class, ConfigCommand.class, RiskReportCommand.class,
        ModelReferenceCommand.class, BenchCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {

  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    // Before any Avro class loads: bound what a malformed length prefix can make Avro allocate.
    io.ppscore.events.AvroLimits.install();
    // Before any HttpServer (the demo's schema registry, the API): bound how long a client may take to send a request.
    io.ppscore.query.HttpServerTimeouts.install();
    System.exit(commandLine().execute(args));
  }

  /** The configured picocli command line (also used by tests). */
  static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new Main());
    return commandLine
        .setCaseInsensitiveEnumValuesAllowed(true)
        // a bad option value: its message and a pointer to --help; other usage errors: the usage too
        .setParameterExceptionHandler(new UsageErrors(commandLine.getParameterExceptionHandler()))
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          // A user's mistake (bad setting, missing or malformed file, missing topic, unusable device) gets
          // one clear line with its root cause, not a stack trace.
          cmd.getErr().println("ppscore " + cmd.getCommandName() + ": " + ErrorMessages.oneLine(e));
          if (!ErrorMessages.isUserError(e)) {
            e.printStackTrace(cmd.getErr());
          }
          cmd.getErr().flush();
          return 1;
        });
  }

  /**
   * {@code ppscore} without a command: a usage error (exit code 2, the message and usage on stderr), so a
   * script that forgot the command does not read as a success; {@code ppscore --help} still exits 0.
   */
  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: choose one of "
        + String.join(", ", spec.subcommands().keySet().stream().filter(name -> !name.equals("help")).toList()));
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"ppscore " + AppVersion.get(), "Java " + Runtime.version() + ", Kafka Streams "
          + org.apache.kafka.common.utils.AppInfoParser.getVersion()};
    }
  }
}
