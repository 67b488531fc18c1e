package io.ppscore.app;

import io.ppscore.inference.CudaUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import org.apache.kafka.common.config.ConfigException;

/**
 * How a failed command is reported: a user's mistake or an unusable input or device gets one line (the
 * failure and its root cause), anything else a stack trace too.
 */
final class ErrorMessages {

  private ErrorMessages() {
  }

  /**
   * Whether {@code e} comes from the user's input or machine rather than a bug: a bad setting or argument,
   * a missing, unreadable or malformed file, an unusable CUDA device.
   */
  static boolean isUserError(Throwable e) {
    return e instanceof ConfigException || e instanceof IllegalArgumentException || e instanceof IllegalStateException
        || e instanceof UncheckedIOException || e instanceof IOException || e instanceof CudaUnavailableException;
  }

  /** The failure's message followed by its root cause's, unless the message already says it. */
  static String oneLine(Throwable e) {
    String message = describe(e);
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root != e) {
      String cause = describe(root);
      if (!message.contains(cause)) {
        message = message + ": " + cause;
      }
    }
    return message;
  }

  private static String describe(Throwable t) {
    // a file-system exception's message is often just the path
    if (t instanceof NoSuchFileException f) {
      return "no such file or directory: " + f.getFile();
    } else if (t instanceof AccessDeniedException f) {
      return "permission denied: " + f.getFile();
    } else if (t instanceof NotDirectoryException f) {
      return "not a directory: " + f.getFile();
    } else if (t instanceof FileAlreadyExistsException f) {
      return "already exists (and is not a directory?): " + f.getFile();
    } else if (t instanceof FileSystemException f && f.getReason() == null) {
      return t.getClass().getSimpleName() + ": " + f.getFile();
    }
    return t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName() : t.getMessage();
  }
}
