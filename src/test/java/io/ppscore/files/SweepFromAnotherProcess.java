package io.ppscore.files;

import java.nio.file.Path;
import java.time.Duration;

/** Run in a separate JVM by {@link OwnedTempDirectoryTest}: sweeps {@code args[0]} for {@code args[1]}*. */
final class SweepFromAnotherProcess {

  private SweepFromAnotherProcess() {
  }

  public static void main(String[] args) {
    System.out.println("deleted " + OwnedTempDirectory.sweep(Path.of(args[0]), args[1], Duration.ZERO));
  }
}
