package io.ppscore.inference;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a session on the execution provider a {@link DeviceSpec} asks for: {@code cpu} never touches
 * CUDA, {@code cuda[:N]} fails fast with {@link CudaUnavailableException}, {@code auto} tries CUDA and on
 * any failure (no CUDA libraries, no driver, no device) logs one WARN naming the reason and uses CPU.
 */
final class ExecutionProviders {

  private static final Logger LOG = LoggerFactory.getLogger(ExecutionProviders.class);

  private ExecutionProviders() {}

  static OpenedSession open(OrtEnvironment env, byte[] model, String modelId, DeviceSpec device,
      int intraOpThreads) throws OrtException {
    return switch (device.kind()) {
      case CPU -> new OpenedSession(openCpu(env, model, intraOpThreads), ProviderInUse.CPU, Optional.empty(), false);
      case CUDA -> new OpenedSession(openCuda(env, model, device.cudaDeviceId(), intraOpThreads),
          ProviderInUse.CUDA, Optional.empty(), true);
      case AUTO -> openAuto(env, model, modelId, device.cudaDeviceId(), intraOpThreads);
    };
  }

  private static OpenedSession openAuto(OrtEnvironment env, byte[] model, String modelId, int deviceId,
      int intraOpThreads) throws OrtException {
    try {
      return new OpenedSession(openCuda(env, model, deviceId, intraOpThreads), ProviderInUse.CUDA,
          Optional.empty(), true);
    } catch (CudaUnavailableException e) {
      LOG.warn("{}=auto: falling back to CPU for encoder {}: {}", DeviceSpec.CONFIG_KEY, modelId, e.getMessage());
      return new OpenedSession(openCpu(env, model, intraOpThreads), ProviderInUse.CPU,
          Optional.of(e.getMessage()), true);
    }
  }

  private static OrtSession openCpu(OrtEnvironment env, byte[] model, int intraOpThreads) throws OrtException {
    try (SessionOptions options = baseOptions(intraOpThreads)) {
      return env.createSession(model, options);
    }
  }

  private static OrtSession openCuda(OrtEnvironment env, byte[] model, int deviceId, int intraOpThreads)
      throws OrtException {
    try (SessionOptions options = baseOptions(intraOpThreads)) {
      // both steps can fail: addCUDA when libraries are missing, createSession when no device answers
      options.addCUDA(deviceId);
      return env.createSession(model, options);
    } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
      throw new CudaUnavailableException(CudaDiagnostics.explain(e) + " (device " + deviceId + ")", e);
    }
  }

  private static SessionOptions baseOptions(int intraOpThreads) throws OrtException {
    SessionOptions options = new SessionOptions();
    try {
      options.setOptimizationLevel(SessionOptions.OptLevel.ALL_OPT);
      if (intraOpThreads > 0) {
        options.setIntraOpNumThreads(intraOpThreads);
      }
      return options;
    } catch (OrtException | RuntimeException e) {
      options.close();
      throw e;
    }
  }
}
