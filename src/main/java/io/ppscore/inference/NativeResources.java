package io.ppscore.inference;

/** Closing ONNX Runtime objects (sessions, encoders, models) on a path that is already failing. */
public final class NativeResources {

  private NativeResources() {
  }

  /**
   * Closes {@code opened} (nothing when null) after {@code failure}, which stays the exception thrown: a
   * failure to close is added to it as suppressed, never thrown instead of it.
   */
  public static void closeAfterFailure(AutoCloseable opened, Throwable failure) {
    if (opened == null) {
      return;
    }
    try {
      opened.close();
    } catch (Exception e) {
      failure.addSuppressed(e);
    }
  }
}
