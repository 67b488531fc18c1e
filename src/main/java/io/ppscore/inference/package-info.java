/**
 * Text encoders for product titles and other free text: a {@link io.ppscore.inference.TextEncoder}
 * interface, an ONNX Runtime implementation over the models bundled in the classpath
 * ({@link io.ppscore.inference.EncoderModel}), an LRU cache in front of any encoder, and the choice of
 * execution provider ({@code inference.device=auto|cpu|cuda[:N]}, CUDA falling back to CPU).
 *
 * <p>Nothing here downloads at run time: the models and tokenizers are classpath resources and DJL's
 * tokenizer library is pinned to offline mode and its bundled CPU native library.
 */
package io.ppscore.inference;
