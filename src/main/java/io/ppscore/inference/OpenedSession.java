package io.ppscore.inference;

import ai.onnxruntime.OrtSession;
import java.util.Optional;

/**
 * An ONNX Runtime session with the provider it ended up on.
 *
 * @param session the open session (owned by the caller)
 * @param provider the execution provider in use
 * @param fallbackReason why {@code auto} fell back to CPU, empty otherwise
 * @param cudaAttempted whether CUDA was tried at all ({@code false} for {@code cpu})
 */
record OpenedSession(OrtSession session, ProviderInUse provider, Optional<String> fallbackReason,
    boolean cudaAttempted) {}
