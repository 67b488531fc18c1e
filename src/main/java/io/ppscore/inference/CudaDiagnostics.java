package io.ppscore.inference;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Explains why ONNX Runtime's CUDA provider failed, or would fail ({@code auto} does not try it when a
 * library is missing or no driver is loaded). ORT only says "Failed to load shared library" in its
 * exception (the library name goes to native stderr), so this looks for the libraries
 * {@code libonnxruntime_providers_cuda.so} of onnxruntime_gpu 1.23 links against (CUDA 12.x, cuDNN 9)
 * the way the dynamic loader would: {@code LD_LIBRARY_PATH}, {@code /etc/ld.so.cache}, the default and
 * CUDA directories. Best effort, Linux only.
 */
final class CudaDiagnostics {

  /** The NEEDED entries of libonnxruntime_providers_cuda.so that are not part of glibc / libstdc++. */
  static final List<String> REQUIRED_LIBRARIES = List.of(
      "libcudart.so.12", "libcublas.so.12", "libcublasLt.so.12", "libcufft.so.11", "libcurand.so.10",
      "libcudnn.so.9");

  private static final Path DRIVER_VERSION = Path.of("/proc/driver/nvidia/version");
  /** The GPU device of WSL 2, where the Windows driver serves CUDA and {@link #DRIVER_VERSION} does not exist. */
  private static final Path WSL_GPU = Path.of("/dev/dxg");
  private static final Path LD_CACHE = Path.of("/etc/ld.so.cache");
  private static final List<String> DEFAULT_DIRS = List.of("/lib", "/usr/lib", "/lib64", "/usr/lib64",
      "/usr/lib/x86_64-linux-gnu", "/usr/local/cuda/lib64", "/usr/local/cuda/lib");

  private CudaDiagnostics() {}

  /** One-line explanation of a CUDA provider failure, for logs and exception messages. */
  static String explain(Throwable ortFailure) {
    return explain(String.valueOf(ortFailure.getMessage()), missingLibraries(), driverLoaded());
  }

  /** Formats the explanation from its findings; pure, for tests. */
  static String explain(String ortMessage, List<String> missing, boolean driverLoaded) {
    return "CUDA execution provider unavailable: " + causes(missing, driverLoaded) + "; onnxruntime: " + ortMessage;
  }

  /**
   * One-line explanation of why CUDA was not tried: {@code missing} are libraries the provider needs that the
   * loader would not find, {@code driverLoaded} false when no NVIDIA driver is loaded (one of the two holds);
   * pure, for tests.
   */
  static String explainNotTried(List<String> missing, boolean driverLoaded) {
    return "CUDA execution provider unavailable: " + causes(missing, driverLoaded) + "; not tried";
  }

  private static String causes(List<String> missing, boolean driverLoaded) {
    List<String> causes = new ArrayList<>();
    if (!missing.isEmpty()) {
      causes.add("missing " + String.join(", ", missing)
          + " (onnxruntime_gpu 1.23 needs CUDA 12.x and cuDNN 9 on LD_LIBRARY_PATH or in ld.so.cache)");
    }
    if (!driverLoaded) {
      causes.add("no NVIDIA driver loaded (" + DRIVER_VERSION + " and " + WSL_GPU + " absent)");
    }
    return causes.isEmpty() ? "CUDA libraries and driver look present" : String.join("; ", causes);
  }

  /** True when every required library is found and the driver is loaded. */
  static boolean cudaLooksUsable() {
    return missingLibraries().isEmpty() && driverLoaded();
  }

  /** Required libraries the dynamic loader would not find. */
  static List<String> missingLibraries() {
    Predicate<String> found = loaderCanFind();
    return REQUIRED_LIBRARIES.stream().filter(found.negate()).toList();
  }

  /** True when the NVIDIA kernel driver is loaded, or a WSL 2 GPU device is there. */
  static boolean driverLoaded() {
    return driverLoaded(Files::exists);
  }

  /** {@link #driverLoaded()} with {@code exists} telling which paths exist; for tests. */
  static boolean driverLoaded(Predicate<Path> exists) {
    return exists.test(DRIVER_VERSION) || exists.test(WSL_GPU);
  }

  private static Predicate<String> loaderCanFind() {
    List<Path> dirs = new ArrayList<>();
    String ldLibraryPath = System.getenv("LD_LIBRARY_PATH");
    if (ldLibraryPath != null) {
      for (String dir : ldLibraryPath.split(":")) {
        if (!dir.isBlank()) {
          dirs.add(Path.of(dir));
        }
      }
    }
    DEFAULT_DIRS.forEach(dir -> dirs.add(Path.of(dir)));
    String ldCache = readLdCache();
    return name -> inLdCache(ldCache, name) || dirs.stream().anyMatch(dir -> Files.exists(dir.resolve(name)));
  }

  private static boolean inLdCache(String cache, String name) {
    // entries are NUL-terminated sonames and paths: match the whole name, not a prefix of a longer one
    return cache.contains("\0" + name + "\0") || cache.contains("/" + name + "\0");
  }

  private static String readLdCache() {
    try {
      return new String(Files.readAllBytes(LD_CACHE), StandardCharsets.ISO_8859_1);
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }
}
