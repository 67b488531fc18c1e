package io.ppscore.inference;

/** The ONNX Runtime execution provider an encoder's session actually runs on. */
public enum ProviderInUse {
  /** No session is open (before open, after close). */
  NONE,
  /** The CPU execution provider. */
  CPU,
  /** The CUDA execution provider (operators it does not support still run on CPU). */
  CUDA
}
