package io.ppscore.replay;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a dataset is read from. A replay reads its source twice (a first pass for the event count and
 * time range), so a source opens a fresh stream each time.
 */
@FunctionalInterface
public interface ReplaySource {

  /** Opens a new stream at the start of the dataset; the caller closes it. */
  InputStream open() throws IOException;

  /** A file on disk, plain or gzipped. */
  static ReplaySource file(Path path) {
    Objects.requireNonNull(path, "path");
    return new ReplaySource() {
      @Override
      public InputStream open() throws IOException {
        return Files.newInputStream(path);
      }

      @Override
      public String toString() {
        return path.toString();
      }
    };
  }

  /** A resource on the class path (works from a jar), for example {@code /sample/rees46-sample.csv.gz}. */
  static ReplaySource classpath(String resource) {
    Objects.requireNonNull(resource, "resource");
    return new ReplaySource() {
      @Override
      public InputStream open() throws IOException {
        InputStream in = ReplaySource.class.getResourceAsStream(resource);
        if (in == null) {
          throw new FileNotFoundException("no class path resource " + resource);
        }
        return in;
      }

      @Override
      public String toString() {
        return "classpath:" + resource;
      }
    };
  }
}
