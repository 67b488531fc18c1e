package io.ppscore.features;

/** A user's two text profiles: purchased titles weighted by spend, and viewed or searched texts. */
public record TextProfiles(TextProfile bought, TextProfile browsed) {

  /** Empty profiles of {@code dimension}. */
  public static TextProfiles empty(int dimension) {
    return new TextProfiles(new TextProfile(dimension), new TextProfile(dimension));
  }
}
