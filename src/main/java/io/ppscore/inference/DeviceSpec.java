package io.ppscore.inference;

import java.util.Locale;
import java.util.Objects;

/**
 * Where inference runs, parsed from {@value #CONFIG_KEY}: {@code auto} (CUDA when it works, else CPU with
 * one warning), {@code cpu} (never tries CUDA) or {@code cuda} / {@code cuda:N} (CUDA device N, default 0,
 * or fail).
 */
public final class DeviceSpec {

  /** The configuration key this value comes from, named in parse errors. */
  public static final String CONFIG_KEY = "inference.device";

  /** The three choices. */
  public enum Kind { AUTO, CPU, CUDA }

  private static final DeviceSpec AUTO = new DeviceSpec(Kind.AUTO, 0);
  private static final DeviceSpec CPU = new DeviceSpec(Kind.CPU, 0);

  private final Kind kind;
  private final int cudaDeviceId;

  private DeviceSpec(Kind kind, int cudaDeviceId) {
    this.kind = kind;
    this.cudaDeviceId = cudaDeviceId;
  }

  /** CUDA device 0 if usable, otherwise CPU. */
  public static DeviceSpec auto() {
    return AUTO;
  }

  /** CPU only. */
  public static DeviceSpec cpu() {
    return CPU;
  }

  /** CUDA device {@code deviceId}, failing rather than falling back. */
  public static DeviceSpec cuda(int deviceId) {
    if (deviceId < 0) {
      throw new IllegalArgumentException("CUDA device id must not be negative: " + deviceId);
    }
    return new DeviceSpec(Kind.CUDA, deviceId);
  }

  /**
   * Parses {@code auto}, {@code cpu}, {@code cuda} or {@code cuda:N} with N in ASCII digits (case-insensitive,
   * surrounding blanks ignored).
   *
   * @throws IllegalArgumentException naming {@value #CONFIG_KEY} for anything else
   */
  public static DeviceSpec parse(String value) {
    Objects.requireNonNull(value, CONFIG_KEY);
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.equals("auto")) {
      return AUTO;
    }
    if (v.equals("cpu")) {
      return CPU;
    }
    if (v.equals("cuda")) {
      return cuda(0);
    }
    if (v.startsWith("cuda:") && v.length() > 5 && v.substring(5).chars().allMatch(c -> c >= '0' && c <= '9')) {
      // ASCII digits only: Character.isDigit and parseInt also take other scripts' digits ('cuda:\u0663' is not cuda:3)
      try {
        return cuda(Integer.parseInt(v.substring(5)));
      } catch (NumberFormatException e) {
        // too many digits: reported below like any other bad value
      }
    }
    throw new IllegalArgumentException(
        CONFIG_KEY + " must be auto, cpu, cuda or cuda:N (N >= 0), got '" + value + "'");
  }

  /** Which choice this is. */
  public Kind kind() {
    return kind;
  }

  /** The CUDA device ordinal tried by {@code cuda[:N]} and {@code auto} (0 for auto and cpu). */
  public int cudaDeviceId() {
    return cudaDeviceId;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DeviceSpec other && kind == other.kind && cudaDeviceId == other.cudaDeviceId;
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, cudaDeviceId);
  }

  /** The canonical configuration value, e.g. {@code cuda:1}. */
  @Override
  public String toString() {
    return kind == Kind.CUDA ? "cuda:" + cudaDeviceId : kind.name().toLowerCase(Locale.ROOT);
  }
}
