package io.ppscore.app;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

/**
 * How a usage error (exit code 2) is reported on stderr. A bad option value (a {@code --set}, a port, a
 * duration, a device) gets its message and one line pointing to {@code --help}: the demo's usage is some 40
 * lines, and printed after a value error it buried the message. Any other usage error (an unknown or missing
 * option, a missing command) keeps picocli's default: the message and the usage.
 */
final class UsageErrors implements IParameterExceptionHandler {

  private final IParameterExceptionHandler withUsage;

  UsageErrors(IParameterExceptionHandler withUsage) {
    this.withUsage = withUsage;
  }

  /** A usage error for an option's value that the command checked itself, reported without the usage. */
  static ParameterException badValue(CommandLine command, String message) {
    return new BadValue(command, message, null);
  }

  /** As {@link #badValue(CommandLine, String)}, with the check's failure as cause. */
  static ParameterException badValue(CommandLine command, String message, Throwable cause) {
    return new BadValue(command, message, cause);
  }

  /**
   * Runs {@code check} of option values the command checks itself (its {@code --set} settings, say), turning a
   * refusal ({@link org.apache.kafka.common.config.ConfigException}, {@link IllegalArgumentException}) into a
   * {@link #badValue} usage error carrying its message.
   */
  static void check(CommandLine command, Runnable check) {
    try {
      check.run();
    } catch (IllegalArgumentException | org.apache.kafka.common.config.ConfigException e) {
      throw badValue(command, e.getMessage(), e);
    }
  }

  /**
   * Whether {@code e} is about an option's value: one of {@link #badValue}, or a value picocli could not convert
   * (it names the option and carries the converter's failure).
   */
  static boolean isBadValue(ParameterException e) {
    return e instanceof BadValue
        || (e.getClass() == ParameterException.class && e.getArgSpec() != null && e.getCause() != null);
  }

  @Override
  public int handleParseException(ParameterException e, String[] args) throws Exception {
    if (!isBadValue(e)) {
      return withUsage.handleParseException(e, args);
    }
    CommandLine command = e.getCommandLine();
    PrintWriter err = command.getErr();
    err.println(command.getColorScheme().errorText(e.getMessage()));
    err.println("see " + command.getCommandSpec().qualifiedName() + " --help");
    err.flush();
    return command.getExitCodeExceptionMapper() != null
        ? command.getExitCodeExceptionMapper().getExitCode(e)
        : command.getCommandSpec().exitCodeOnInvalidInput();
  }

  private static final class BadValue extends ParameterException {
    private static final long serialVersionUID = 1L;

    BadValue(CommandLine command, String message, Throwable cause) {
      super(command, message, cause);
    }
  }
}
