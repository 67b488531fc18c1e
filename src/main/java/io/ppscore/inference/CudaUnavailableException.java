package io.ppscore.inference;

/**
 * The CUDA execution provider could not be used. The message names the cause: missing CUDA 12 / cuDNN 9
 * libraries, no NVIDIA driver, or ONNX Runtime's own error.
 */
public final class CudaUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** CUDA not tried, for the reason {@code message} gives (a missing library). */
  public CudaUnavailableException(String message) {
    super(message);
  }

  /** A failure with its explanation and the underlying ONNX Runtime error. */
  public CudaUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
