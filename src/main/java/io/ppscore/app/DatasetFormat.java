package io.ppscore.app;

import io.ppscore.replay.DatasetReader;
import io.ppscore.replay.OnlineRetailReader;
import io.ppscore.replay.Rees46Reader;
import io.ppscore.replay.ReplaySource;
import io.ppscore.replay.Samples;

/** The dataset files {@code replay} understands. */
enum DatasetFormat {
  ONLINE_RETAIL("online-retail") {
    @Override
    DatasetReader reader() {
      return new OnlineRetailReader();
    }

    @Override
    ReplaySource bundledSample() {
      return Samples.onlineRetail();
    }
  },
  REES46("rees46") {
    @Override
    DatasetReader reader() {
      return new Rees46Reader();
    }

    @Override
    ReplaySource bundledSample() {
      return Samples.rees46();
    }
  };

  private final String label;

  DatasetFormat(String label) {
    this.label = label;
  }

  abstract DatasetReader reader();

  abstract ReplaySource bundledSample();

  @Override
  public String toString() {
    return label;
  }

  /** Picocli converter accepting {@code online-retail} and {@code rees46}. */
  static DatasetFormat parse(String value) {
    for (DatasetFormat f : values()) {
      if (f.label.equalsIgnoreCase(value) || f.name().equalsIgnoreCase(value)) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown format '" + value + "': expected online-retail or rees46");
  }
}
