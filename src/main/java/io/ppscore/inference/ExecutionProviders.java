package io.ppscore.inference;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a session on the execution provider a {@link DeviceSpec} asks for. {@code cpu} never touches CUDA.
 * {@code cuda[:N]} fails fast with {@link CudaUnavailableException} when the CUDA provider cannot be added
 * (no CUDA libraries), the session cannot be created on it although the model loads on CPU (no driver,
 * no device), or one probe inference on it fails (ONNX Runtime defers some CUDA failures to the first run).
 * {@code auto} first looks for the CUDA libraries the provider needs and the NVIDIA driver and, when a library
 * is missing or no driver is loaded, uses CPU without trying CUDA (trying would make ONNX Runtime print native
 * ERROR lines on every CPU-only host);
 * otherwise it tries CUDA and runs one probe inference on the CUDA session, since ONNX Runtime defers some
 * CUDA failures to the first run. On any CUDA failure, or a missing library, it logs one WARN naming the
 * reason and uses CPU. A model that does not load on CPU either is reported with the CPU session's error, as the
 * model's problem, never as CUDA's.
 */
final class ExecutionProviders {

  /** Adds the CUDA execution provider to session options: the step that fails when CUDA libraries are missing. */
  @FunctionalInterface
  interface CudaProvider {
    void addTo(SessionOptions options, int deviceId) throws OrtException;
  }

  /** The CUDA libraries the provider links against that the dynamic loader would not find. */
  @FunctionalInterface
  interface CudaLibraries {
    List<String> missing();
  }

  /** Whether the NVIDIA kernel driver is loaded; without it {@code auto} does not try CUDA. */
  @FunctionalInterface
  interface CudaDriver {
    boolean loaded();
  }

  /** One short inference on a newly opened session, run by {@code auto} before it accepts a CUDA session. */
  @FunctionalInterface
  interface Probe {
    void run(OrtSession session) throws OrtException;
  }

  /**
   * ONNX Runtime's CUDA execution provider. The library and driver checks know Linux only: elsewhere (the jar
   * also ships the Windows provider) {@code auto} tries CUDA without them.
   */
  static final ExecutionProviders ONNX_RUNTIME = onLinux()
      ? new ExecutionProviders(SessionOptions::addCUDA, CudaDiagnostics::missingLibraries, CudaDiagnostics::driverLoaded)
      : new ExecutionProviders(SessionOptions::addCUDA, List::of, () -> true);

  private static final Logger LOG = LoggerFactory.getLogger(ExecutionProviders.class);

  private static boolean onLinux() {
    return System.getProperty("os.name", "").startsWith("Linux");
  }

  private final CudaProvider cudaProvider;
  private final CudaLibraries cudaLibraries;
  private final CudaDriver cudaDriver;

  /**
   * Providers adding CUDA with {@code cudaProvider} on a host where {@code cudaLibraries} finds what is
   * missing and {@code cudaDriver} whether the driver is loaded; tests pass steps that succeed or fail as a
   * GPU host or a CPU-only one would.
   */
  ExecutionProviders(CudaProvider cudaProvider, CudaLibraries cudaLibraries, CudaDriver cudaDriver) {
    this.cudaProvider = cudaProvider;
    this.cudaLibraries = cudaLibraries;
    this.cudaDriver = cudaDriver;
  }

  /** Providers on a host where {@code cudaLibraries} finds what is missing and the driver is loaded. */
  ExecutionProviders(CudaProvider cudaProvider, CudaLibraries cudaLibraries) {
    this(cudaProvider, cudaLibraries, () -> true);
  }

  /** Providers adding CUDA with {@code cudaProvider} on a host with every CUDA library (a GPU host). */
  ExecutionProviders(CudaProvider cudaProvider) {
    this(cudaProvider, List::of);
  }

  OpenedSession open(OrtEnvironment env, byte[] model, String modelId, DeviceSpec device, int intraOpThreads,
      Probe probe) throws OrtException {
    return switch (device.kind()) {
      case CPU -> new OpenedSession(openCpu(env, model, intraOpThreads), ProviderInUse.CPU, Optional.empty(), false);
      case CUDA -> new OpenedSession(probedOrFail(openCudaOrFail(env, model, device.cudaDeviceId(), intraOpThreads),
          device.cudaDeviceId(), probe), ProviderInUse.CUDA, Optional.empty(), true);
      case AUTO -> openAuto(env, model, modelId, device.cudaDeviceId(), intraOpThreads, probe);
    };
  }

  private OrtSession openCudaOrFail(OrtEnvironment env, byte[] model, int deviceId, int intraOpThreads)
      throws OrtException {
    try {
      return openCuda(env, model, deviceId, intraOpThreads);
    } catch (OrtException e) {
      // the model's fault or the device's: a CPU session tells which (and throws the model's error)
      NativeResources.closeAfterFailure(openCpuAfter(e, env, model, intraOpThreads), e);
      throw new CudaUnavailableException(CudaDiagnostics.explain(e) + " (device " + deviceId
          + "; the model loads on CPU)", e);
    }
  }

  /**
   * {@code session} once {@code probe} ran on it; else it is closed and start-up fails with the probe's
   * CUDA error, as {@code cuda} asks: not at the first scoring run, where ONNX Runtime would report it.
   */
  private static OrtSession probedOrFail(OrtSession session, int deviceId, Probe probe) throws OrtException {
    try {
      probe.run(session);
      return session;
    } catch (OrtException e) {
      NativeResources.closeAfterFailure(session, e);
      throw new CudaUnavailableException(CudaDiagnostics.explain(e) + " (device " + deviceId + ", probe inference)", e);
    } catch (RuntimeException | Error e) {
      NativeResources.closeAfterFailure(session, e);
      throw e;
    }
  }

  private OpenedSession openAuto(OrtEnvironment env, byte[] model, String modelId, int deviceId,
      int intraOpThreads, Probe probe) throws OrtException {
    List<String> missing = cudaLibraries.missing();
    boolean driverLoaded = cudaDriver.loaded();
    if (!missing.isEmpty() || !driverLoaded) {
      // adding the provider (or, without a driver, creating the session) would fail, and ONNX Runtime would
      // print native ERROR lines before the one WARN on every CPU-only host
      CudaUnavailableException notTried = new CudaUnavailableException(
          CudaDiagnostics.explainNotTried(missing, driverLoaded) + " (device " + deviceId + ")");
      return fallBack(openCpuAfter(notTried, env, model, intraOpThreads), modelId, notTried.getMessage(), false);
    }
    OrtSession cuda;
    try {
      cuda = openCuda(env, model, deviceId, intraOpThreads);
    } catch (CudaUnavailableException e) {
      return fallBack(env, model, modelId, intraOpThreads, e.getMessage(), e);
    } catch (OrtException e) {
      return fallBack(env, model, modelId, intraOpThreads,
          CudaDiagnostics.explain(e) + " (device " + deviceId + ")", e);
    }
    try {
      probe.run(cuda);
      return new OpenedSession(cuda, ProviderInUse.CUDA, Optional.empty(), true);
    } catch (OrtException e) {
      NativeResources.closeAfterFailure(cuda, e);
      return fallBack(env, model, modelId, intraOpThreads,
          CudaDiagnostics.explain(e) + " (device " + deviceId + ", probe inference)", e);
    } catch (RuntimeException | Error e) {
      NativeResources.closeAfterFailure(cuda, e);
      throw e;
    }
  }

  /** The CPU session {@code auto} falls back to, warned about once it is open. */
  private static OpenedSession fallBack(OrtEnvironment env, byte[] model, String modelId, int intraOpThreads,
      String reason, Exception cudaFailure) throws OrtException {
    return fallBack(openCpuAfter(cudaFailure, env, model, intraOpThreads), modelId, reason, true);
  }

  private static OpenedSession fallBack(OrtSession cpu, String modelId, String reason, boolean cudaAttempted) {
    LOG.warn("{}=auto: falling back to CPU for encoder {}: {}", DeviceSpec.CONFIG_KEY, modelId, reason);
    return new OpenedSession(cpu, ProviderInUse.CPU, Optional.of(reason), cudaAttempted);
  }

  /** A CPU session after a CUDA failure; if it fails too, its error is thrown, the CUDA one suppressed in it. */
  private static OrtSession openCpuAfter(Exception cudaFailure, OrtEnvironment env, byte[] model,
      int intraOpThreads) throws OrtException {
    try {
      return openCpu(env, model, intraOpThreads);
    } catch (OrtException | RuntimeException e) {
      e.addSuppressed(cudaFailure);
      throw e;
    }
  }

  private static OrtSession openCpu(OrtEnvironment env, byte[] model, int intraOpThreads) throws OrtException {
    try (SessionOptions options = baseOptions(intraOpThreads)) {
      return env.createSession(model, options);
    }
  }

  /** A session with the CUDA provider; only adding the provider is reported as CUDA being unavailable. */
  private OrtSession openCuda(OrtEnvironment env, byte[] model, int deviceId, int intraOpThreads)
      throws OrtException {
    try (SessionOptions options = baseOptions(intraOpThreads)) {
      try {
        cudaProvider.addTo(options, deviceId);
      } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
        throw new CudaUnavailableException(CudaDiagnostics.explain(e) + " (device " + deviceId + ")", e);
      }
      return env.createSession(model, options);
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
